using Tournament.Inference.ChatTemplates;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>Loads the configured canonical chat template: a model-style folder, or a <c>.jinja</c> file.</summary>
internal static class CanonicalTemplate
{
    public static ChatTemplate Load(string path)
    {
        if (Directory.Exists(path))
        {
            return ChatTemplate.Load(path);
        }

        if (!File.Exists(path))
        {
            throw new ChatTemplateException($"The canonical chat template '{path}' does not exist; set Components:duel:ChatTemplatePath to a folder with chat_template.jinja or to a .jinja file.");
        }

        return ChatTemplate.FromText(File.ReadAllText(path));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tournament.Engine.Tests.Support;

/// <summary>
/// A copy of samples/example-local (configuration, models, prompts; never its .tournament state) in a temporary
/// folder, so end-to-end runs write nothing into the repository. Deleted on dispose.
/// </summary>
internal sealed class SampleCopy : IDisposable
{
    public SampleCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "tournament-tests", "sample-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(FixturePlugins.RepoRoot, "samples", "example-local");
        Copy(source, Root);
    }

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "tournament.json");

    /// <summary>Rewrites the copied configuration with the local chain's block time and an optional edit.</summary>
    public string WriteConfig(int blockTimeSeconds, Action<JsonObject>? edit = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        root["Components"]!["local-chain"]!["BlockTimeSeconds"] = blockTimeSeconds;
        edit?.Invoke(root);
        File.WriteAllText(ConfigPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return ConfigPath;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file briefly; the OS temp cleaner takes the rest.
        }
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(source).Where(d => Path.GetFileName(d) != ".tournament"))
        {
            Copy(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }
}

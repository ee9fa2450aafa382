using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;
using Tournament.Inference.ChatTemplates;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>
/// The canonical chat template: loaded once at start-up from a <c>.jinja</c> file or a model folder (as the runtime
/// loads a model's template), optionally pinned by the SHA-256 of its UTF-8 text. Evaluation (the duel's replies, the
/// injection probes) renders with it, never with a miner's template; the <c>chat-template</c> check compares miners'
/// templates with its hash.
/// </summary>
internal sealed class CanonicalChatTemplate
{
    private CanonicalChatTemplate(ChatTemplate template, string sha256)
    {
        Template = template;
        Sha256 = sha256;
    }

    public ChatTemplate Template { get; }

    /// <summary>Lower-case hex SHA-256 of the template text.</summary>
    public string Sha256 { get; }

    /// <summary>The SHA-256 (lower-case hex) of a template's UTF-8 text.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Loads the template and, when a pin is given, verifies it; throws one sentence naming the option to fix.</summary>
    /// <param name="environment">Resolves a relative path against the configuration's folder.</param>
    /// <param name="path">A <c>.jinja</c> file or a model folder.</param>
    /// <param name="expectedSha256">The pinned hash, or null when the template is not pinned.</param>
    /// <param name="option">The option's name, for the sentence.</param>
    public static CanonicalChatTemplate Load(HostEnvironment environment, string path, string? expectedSha256, string option)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var full = environment.ResolvePath(path);
        ChatTemplate template;
        try
        {
            template = File.Exists(full) ? ChatTemplate.FromText(File.ReadAllText(full, Encoding.UTF8)) : ChatTemplate.Load(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ChatTemplateException or System.Text.Json.JsonException or InvalidDataException)
        {
            throw new InvalidOperationException($"{option} '{full}' is not a readable chat template: {ex.Message}", ex);
        }

        var sha = Hash(template.Text);
        return expectedSha256 is null || string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase)
            ? new CanonicalChatTemplate(template, sha)
            : throw new InvalidOperationException($"{option} '{full}' has SHA-256 {sha}, not the pinned {expectedSha256.ToLowerInvariant()}; point it at the canonical template or update the pin.");
    }
}

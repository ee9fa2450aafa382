using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Small-file and header reads for Metadata checks, through the storage backend only (nothing downloaded in full).</summary>
internal static class ModelMetadata
{
    public const long MaxJsonBytes = 4 * 1024 * 1024;
    public const int MaxSafetensorsFiles = 4096;

    public static readonly string[] ForbiddenWeightExtensions = [".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".gguf", ".onnx"];

    public static bool IsSafetensors(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    public static string FileName(string path) => path[(path.LastIndexOfAny(['/', '\\']) + 1)..];

    public static ModelFile? Find(ModelDescription description, string path) =>
        description.Files.FirstOrDefault(f => string.Equals(f.Path, path, StringComparison.Ordinal));

    /// <summary>Reads and parses a JSON file; Outcome is set when the check must stop (deferred, gone or malformed).</summary>
    public static async Task<(JsonDocument? Document, CheckOutcome? Outcome)> ReadJsonAsync(CheckContext context, string path, string reasonCode, CancellationToken cancellationToken)
    {
        var result = await context.Storage.ReadFileAsync(context.Submission.Model, path, MaxJsonBytes, cancellationToken).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return (null, result.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d, d => d));
        }

        if (!System.Text.Unicode.Utf8.IsValid(result.AsT0))
        {
            return (null, CheckOutcome.Disqualify(reasonCode, $"{path} is not valid UTF-8; fix the file and commit a new revision."));
        }

        try
        {
            return (JsonDocument.Parse(result.AsT0, new JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (JsonException ex)
        {
            return (null, CheckOutcome.Disqualify(reasonCode, $"{path} is not valid JSON ({ex.Message}); fix the file and commit a new revision."));
        }
    }

    /// <summary>The strict header of every .safetensors file, read through the backend (HTTP Range for remote stores).</summary>
    public static async Task<(List<(ModelFile File, SafetensorsHeader Header)> Headers, CheckOutcome? Outcome)> ReadHeadersAsync(CheckContext context, string reasonCode, CancellationToken cancellationToken)
    {
        var files = context.Description.Files.Where(f => IsSafetensors(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var headers = new List<(ModelFile, SafetensorsHeader)>(files.Count);
        if (files.Count == 0)
        {
            return (headers, CheckOutcome.Disqualify(reasonCode, "The model has no .safetensors file; weights must be published as safetensors."));
        }

        if (files.Count > MaxSafetensorsFiles)
        {
            return (headers, CheckOutcome.Disqualify(reasonCode, $"The model has {files.Count} .safetensors files; at most {MaxSafetensorsFiles} are accepted."));
        }

        foreach (var file in files)
        {
            StorageResult<SafetensorsHeader> result;
            try
            {
                result = await context.Storage.ReadSafetensorsHeaderAsync(context.Submission.Model, file.Path, cancellationToken).ConfigureAwait(false);
            }
            catch (SafetensorsFormatException ex)
            {
                return (headers, CheckOutcome.Disqualify(reasonCode, $"{file.Path} has an invalid safetensors header: {ex.Message}"));
            }

            if (!result.IsOk)
            {
                return (headers, result.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d.ReasonCode == ReasonCodes.Removed ? d : new Disqualified(reasonCode, d.Message), d => d));
            }

            headers.Add((file, result.AsT0));
        }

        return (headers, null);
    }

    /// <summary>A top-level key, or the same key inside <c>text_config</c>.</summary>
    public static JsonElement? Property(JsonElement config, string name)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (config.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        return config.TryGetProperty("text_config", out var text) && text.ValueKind == JsonValueKind.Object
            && text.TryGetProperty(name, out var nested) && nested.ValueKind != JsonValueKind.Null ? nested : null;
    }

    /// <summary>True when <paramref name="key"/> occurs anywhere in the document, at any depth.</summary>
    public static bool ContainsKey(JsonElement element, string key) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.NameEquals(key) || ContainsKey(p.Value, key)),
        JsonValueKind.Array => element.EnumerateArray().Any(e => ContainsKey(e, key)),
        _ => false,
    };
}

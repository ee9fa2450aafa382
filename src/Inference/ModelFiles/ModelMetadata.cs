using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Inference.ModelFiles;

/// <summary>
/// Small-file and header reads for Metadata-stage checks, through the storage backend only (nothing downloaded in
/// full), shared by the modes' checks (KlDistil, AlbedoDuel) so each rule reads model files one way.
/// </summary>
public static class ModelMetadata
{
    /// <summary>The largest JSON file read.</summary>
    public const long MaxJsonBytes = 4 * 1024 * 1024;
    /// <summary>The most safetensors files a model may have.</summary>
    public const int MaxSafetensorsFiles = 4096;

    /// <summary>Weight formats other than safetensors (pickle, TF, flax, GGUF, ONNX).</summary>
    public static readonly string[] ForbiddenWeightExtensions = [".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".gguf", ".onnx"];

    /// <summary>True for a <c>.safetensors</c> path.</summary>
    public static bool IsSafetensors(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name of a model-relative path.</summary>
    public static string FileName(string path) => path[(path.LastIndexOfAny(['/', '\\']) + 1)..];

    /// <summary>The model file at exactly <paramref name="path"/>, if any.</summary>
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

    /// <summary>The first Python file of the model (<c>.py</c>, <c>.pyc</c>), if any: custom code is never allowed.</summary>
    public static ModelFile? FindPython(ModelDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description.Files.FirstOrDefault(f => f.Path.EndsWith(".py", StringComparison.OrdinalIgnoreCase) || f.Path.EndsWith(".pyc", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Reads every <c>*config.json</c> (config.json, tokenizer_config.json, generation_config.json, …) in ordinal path
    /// order and stops at the first that holds <paramref name="key"/> at any depth (<c>auto_map</c>: custom code). The
    /// outcome is set when the check must stop: the key was found (disqualified under <paramref name="reasonCode"/> with
    /// <paramref name="found"/>'s sentence), a file is too large or not JSON, or a read was deferred. Nothing is executed.
    /// </summary>
    /// <param name="context">The check context.</param>
    /// <param name="key">The forbidden key.</param>
    /// <param name="reasonCode">The reason code of a disqualification.</param>
    /// <param name="found">The sentence for the file path where the key was found.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<CheckOutcome?> FindKeyInConfigsAsync(CheckContext context, string key, string reasonCode, Func<string, string> found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(found);
        var configs = context.Description.Files
            .Where(f => FileName(f.Path).EndsWith("config.json", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        foreach (var file in configs)
        {
            if (file.Size > MaxJsonBytes)
            {
                return CheckOutcome.Disqualify(reasonCode, $"{file.Path} is {file.Size} bytes; a config file may hold at most {MaxJsonBytes}.");
            }

            var (doc, outcome) = await ReadJsonAsync(context, file.Path, reasonCode, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            using (doc)
            {
                if (ContainsKey(doc!.RootElement, key))
                {
                    return CheckOutcome.Disqualify(reasonCode, found(file.Path));
                }
            }
        }

        return null;
    }
}

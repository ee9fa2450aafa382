using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Samples.Example.Bigram;

namespace Tournament.Samples.Example.Checks;

/// <summary>
/// Content check (files on disk): <c>config.json</c> says <c>"model_type": "char-bigram"</c>, and <c>bigram.json</c> is
/// well-formed, within the size limit, uses the fixed alphabet, and every row is a normalised distribution.
/// </summary>
[Component("example-bigram-valid", Options = typeof(BigramFileCheckOptions), Description = "Example: bigram.json well-formed, normalised, size-limited.")]
public sealed class BigramFileCheck(BigramFileCheckOptions options) : IAntiCheatCheck
{
    private const long MaxConfigBytes = 64 * 1024;

    /// <inheritdoc />
    public CheckStage Stage => CheckStage.Content;

    /// <inheritdoc />
    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = context.Snapshot ?? throw new InvalidOperationException("A Content check needs the fetched files.");
        try
        {
            var config = await ReadAsync(snapshot.PathOf("config.json"), MaxConfigBytes, cancellationToken).ConfigureAwait(false);
            if (config.Error is not null)
            {
                return CheckOutcome.Disqualify("config-invalid", config.Error.Replace("{file}", "config.json", StringComparison.Ordinal));
            }

            if (!IsBigramConfig(config.Bytes!, out var configError))
            {
                return CheckOutcome.Disqualify("config-invalid", configError!);
            }

            var bigram = await ReadAsync(snapshot.PathOf(BigramModel.FileName), options.MaxBytes, cancellationToken).ConfigureAwait(false);
            if (bigram.Error is not null)
            {
                return CheckOutcome.Disqualify("bigram-invalid", bigram.Error.Replace("{file}", BigramModel.FileName, StringComparison.Ordinal));
            }

            return BigramModel.TryParse(bigram.Bytes, options.MaxBytes, options.Tolerance, out _, out var error)
                ? CheckOutcome.Pass()
                : CheckOutcome.Disqualify("bigram-invalid", error!);
        }
        catch (IOException ex)
        {
            return CheckOutcome.Defer($"Reading the model's files failed: {ex.Message}");
        }
    }

    private static async Task<(byte[]? Bytes, string? Error)> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return (null, "The model has no {file}.");
        }

        if (info.Length > maxBytes)
        {
            return (null, $"{{file}} is {info.Length} bytes; at most {maxBytes} are allowed.");
        }

        return (await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), null);
    }

    private static bool IsBigramConfig(byte[] bytes, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 8 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("model_type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() == "char-bigram")
            {
                error = null;
                return true;
            }

            error = "config.json must be an object with \"model_type\": \"char-bigram\".";
            return false;
        }
        catch (JsonException ex)
        {
            error = $"config.json is not valid JSON: {ex.Message}";
            return false;
        }
    }
}

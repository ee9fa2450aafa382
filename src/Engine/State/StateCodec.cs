using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tournament.Engine.State;

/// <summary>How values are written to and read from the state database's columns.</summary>
internal static class StateCodec
{
    private static readonly JsonSerializerOptions MetricsJson = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The identity of a block hash: lower case without a <c>0x</c> prefix (the hash itself is stored as given).</summary>
    /// <param name="blockHash">The block hash.</param>
    public static string BlockHashKey(string blockHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blockHash);
        var trimmed = blockHash.Trim();
        return (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? trimmed[2..] : trimmed).ToLowerInvariant();
    }

    /// <summary>Timestamps are ISO 8601 round-trip text with their offset.</summary>
    /// <param name="value">The time.</param>
    public static string Time(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Parses a stored timestamp.</summary>
    /// <param name="text">The text.</param>
    public static DateTimeOffset Time(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Metrics are a JSON object; NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity".</summary>
    /// <param name="metrics">The metrics.</param>
    public static string Metrics(IReadOnlyDictionary<string, double> metrics) => JsonSerializer.Serialize(metrics, MetricsJson);

    /// <summary>Parses stored metrics.</summary>
    /// <param name="json">The JSON.</param>
    public static IReadOnlyDictionary<string, double> Metrics(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json, MetricsJson) ?? [];

    /// <summary>SQLite stores NaN as NULL; a per-prompt value that is NULL reads back as NaN.</summary>
    /// <param name="value">The stored value.</param>
    public static double PromptValue(double? value) => value ?? double.NaN;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Inference.ModelFiles;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>
/// The locked fields of a config.json in a canonical text form (recorded in the fingerprint ledger): a JSON object
/// with <c>architectures</c> then the locked keys in configured order; a missing key is <c>null</c>; numbers are
/// float64 values so <c>1000000</c> and <c>1e6</c> are equal.
/// </summary>
internal static class LockedArchitecture
{
    public static string From(JsonElement config, IReadOnlyList<string> keys)
    {
        var locked = new JsonObject
        {
            ["architectures"] = Canonical(config.ValueKind == JsonValueKind.Object && config.TryGetProperty("architectures", out var list) ? list : null),
        };
        foreach (var key in keys)
        {
            locked[key] = Canonical(ModelMetadata.Property(config, key));
        }

        return locked.ToJsonString();
    }

    /// <summary>The keys whose values differ, with both values, e.g. <c>num_hidden_layers 4 (locked: 2)</c>.</summary>
    public static IReadOnlyList<string> Differences(string mine, string locked)
    {
        var a = JsonNode.Parse(mine)!.AsObject();
        var b = JsonNode.Parse(locked)!.AsObject();
        return a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.Ordinal)
            .Where(k => !JsonNode.DeepEquals(a[k], b[k]))
            .Select(k => $"{k} {Show(a[k])} (locked: {Show(b[k])})")
            .ToList();
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "missing";
        return text.Length <= 60 ? text : text[..60] + "…";
    }

    private static JsonNode? Canonical(JsonElement? element) => element?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number => JsonValue.Create(element.Value.GetDouble()),
        JsonValueKind.Array => new JsonArray(element.Value.EnumerateArray().Select(e => Canonical(e)).ToArray()),
        _ => JsonNode.Parse(element.Value.GetRawText()),
    };
}

using System.Text.Json;

namespace Tournament.Inference.Tokenizers;

/// <summary>Typed access to JSON fields that reports the file and JSON path on every mismatch.</summary>
internal readonly record struct JsonFields(string File)
{
    public static JsonElement? Optional(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public JsonElement Required(JsonElement obj, string name, string path)
        => Optional(obj, name) ?? throw Error(path, "is missing; the file is incomplete.");

    public JsonElement Object(JsonElement el, string path)
        => el.ValueKind == JsonValueKind.Object ? el : throw Error(path, $"must be a JSON object, not {Kind(el)}.");

    public JsonElement Array(JsonElement el, string path)
        => el.ValueKind == JsonValueKind.Array ? el : throw Error(path, $"must be a JSON array, not {Kind(el)}.");

    public string String(JsonElement el, string path)
        => el.ValueKind == JsonValueKind.String ? el.GetString()! : throw Error(path, $"must be a string, not {Kind(el)}.");

    public int Int(JsonElement el, string path)
        => el.ValueKind == JsonValueKind.Number && el.TryGetInt32(out int v) && v >= 0 ? v : throw Error(path, "must be a non-negative 32-bit integer.");

    public bool Bool(JsonElement obj, string name, string path, bool fallback = false)
    {
        JsonElement? v = Optional(obj, name);
        if (v is null)
        {
            return fallback;
        }

        return v.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{path}.{name}", $"must be true or false, not {Kind(v.Value)}."),
        };
    }

    public string? OptionalString(JsonElement obj, string name, string path)
        => Optional(obj, name) is { } v ? String(v, $"{path}.{name}") : null;

    public TokenizerFormatException Error(string path, string problem) => new(File, path, problem);

    public TokenizerNotSupportedException NotSupported(string path, string what) => new(File, path, what);

    private static string Kind(JsonElement el) => el.ValueKind.ToString().ToLowerInvariant();
}

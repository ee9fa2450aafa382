using System.Text.Json;

namespace Tournament.Inference.ModelFiles;

/// <summary>Typed, bounded reads of config keys with one-sentence errors naming file and key.</summary>
internal sealed class JsonFields(string source, JsonElement root, JsonElement? nested, string nestedName)
{
    public bool TryGet(string key, out JsonElement value, out string path)
    {
        if (root.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
        {
            path = key;
            return true;
        }

        if (nested is { } n && n.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
        {
            path = $"{nestedName}.{key}";
            return true;
        }

        path = key;
        return false;
    }

    public bool Has(string key) => TryGet(key, out _, out _);

    public int RequiredInt(string key, long min, long max) =>
        OptionalInt(key, min, max) ?? throw new ModelConfigException(source, key, $"is required (an integer from {min} to {max}).");

    public int? OptionalInt(string key, long min, long max)
    {
        if (!TryGet(key, out var value, out var path))
        {
            return null;
        }

        return ToInt(value, path, min, max);
    }

    public int ToInt(JsonElement value, string path, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var v))
        {
            throw new ModelConfigException(source, path, $"expected an integer from {min} to {max}, got {Describe(value)}.");
        }

        if (v < min || v > max)
        {
            throw new ModelConfigException(source, path, $"{v} is outside the allowed range {min} to {max}.");
        }

        return (int)v;
    }

    public double? OptionalDouble(string key, double minExclusive, double max)
    {
        if (!TryGet(key, out var value, out var path))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var v) || !double.IsFinite(v))
        {
            throw new ModelConfigException(source, path, $"expected a finite number, got {Describe(value)}.");
        }

        if (v <= minExclusive || v > max)
        {
            throw new ModelConfigException(source, path, $"{v} is outside the allowed range ({minExclusive}, {max}].");
        }

        return v;
    }

    public bool? OptionalBool(string key)
    {
        if (!TryGet(key, out var value, out var path))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelConfigException(source, path, $"expected true or false, got {Describe(value)}."),
        };
    }

    public string? OptionalString(string key, int maxLength = 256)
    {
        if (!TryGet(key, out var value, out var path))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ModelConfigException(source, path, $"expected a string, got {Describe(value)}.");
        }

        var s = value.GetString()!;
        return s.Length <= maxLength ? s : throw new ModelConfigException(source, path, $"is {s.Length} characters; at most {maxLength} are allowed.");
    }

    public IReadOnlyList<int> IntOrIntList(string key, int maxCount = 64)
    {
        if (!TryGet(key, out var value, out var path))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            if (value.GetArrayLength() > maxCount)
            {
                throw new ModelConfigException(source, path, $"lists {value.GetArrayLength()} ids; at most {maxCount} are allowed.");
            }

            return value.EnumerateArray().Select((e, i) => ToInt(e, $"{path}[{i}]", 0, int.MaxValue)).ToArray();
        }

        return [ToInt(value, path, 0, int.MaxValue)];
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => $"the number {Truncate(value.GetRawText())}",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

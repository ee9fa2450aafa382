using System.Text.Json;

namespace Tournament.Abstractions;

/// <summary>The JSON half of safetensors header parsing.</summary>
internal static class SafetensorsHeaderJson
{
    private const int MaxRank = 16;

    public static (List<SafetensorsTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(ReadOnlySpan<byte> json, string source)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            // JsonDocument checks UTF-8 inside strings only when they are read; refuse it here, with the parser's error.
            throw new SafetensorsFormatException(source, "header", "the JSON header is not valid UTF-8.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new SafetensorsFormatException(source, "header", $"invalid JSON ({ex.Message}).");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(source, "header", "the JSON header must be an object.");
            }

            var tensors = new List<SafetensorsTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new SafetensorsFormatException(source, $"tensor '{property.Name}'", "the name appears twice.");
                }

                if (property.Name == "__metadata__")
                {
                    ReadMetadata(property.Value, source, metadata);
                    continue;
                }

                tensors.Add(ReadTensor(property.Name, property.Value, source));
            }

            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, string source, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(source, "__metadata__", "must be an object of strings.");
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException(source, $"__metadata__.{entry.Name}", "must be a string.");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadTensor(string name, JsonElement value, string source)
    {
        var field = $"tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(source, field, "must be an object with dtype, shape and data_offsets.");
        }

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsFormatException(source, $"{field}: dtype", "missing or not a string.");
        }

        if (!SafetensorsDTypes.TryParse(dtypeElement.GetString(), out var dtype))
        {
            throw new SafetensorsFormatException(source, $"{field}: dtype", $"unknown dtype '{dtypeElement.GetString()}'.");
        }

        var shape = ReadLongArray(value, "shape", field, source, MaxRank);
        var offsets = ReadLongArray(value, "data_offsets", field, source, 2);
        if (offsets.Length != 2)
        {
            throw new SafetensorsFormatException(source, $"{field}: data_offsets", "must hold exactly [begin, end].");
        }

        if (offsets[1] < offsets[0])
        {
            throw new SafetensorsFormatException(source, $"{field}: data_offsets", $"end {offsets[1]} is before begin {offsets[0]}.");
        }

        long bytes;
        try
        {
            bytes = checked(shape.Aggregate(1L, (a, d) => checked(a * d)) * SafetensorsDTypes.SizeOf(dtype));
        }
        catch (OverflowException)
        {
            throw new SafetensorsFormatException(source, $"{field}: shape", "the element count overflows.");
        }

        if (offsets[1] - offsets[0] != bytes)
        {
            throw new SafetensorsFormatException(source, $"{field}: data_offsets", $"spans {offsets[1] - offsets[0]} bytes but {dtype} × [{string.Join(", ", shape)}] needs {bytes}.");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadLongArray(JsonElement tensor, string key, string field, string source, int maxLength)
    {
        if (!tensor.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsFormatException(source, $"{field}: {key}", "missing or not an array.");
        }

        if (array.GetArrayLength() > maxLength)
        {
            throw new SafetensorsFormatException(source, $"{field}: {key}", $"has {array.GetArrayLength()} entries; at most {maxLength} are allowed.");
        }

        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
            {
                throw new SafetensorsFormatException(source, $"{field}: {key}[{i}]", $"'{item.GetRawText()}' is not a non-negative integer.");
            }

            result[i++] = v;
        }

        return result;
    }
}

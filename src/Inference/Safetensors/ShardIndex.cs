using System.Text.Json;

namespace Tournament.Inference.Safetensors;

/// <summary>The parsed <c>model.safetensors.index.json</c>: tensor name → shard file name (a bare file name in the same folder).</summary>
public sealed record ShardIndex(IReadOnlyDictionary<string, string> WeightMap, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The standard index file name.</summary>
    public const string FileName = "model.safetensors.index.json";

    /// <summary>The largest index accepted (64 MiB; real indexes are well under 1 MiB).</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>Reads and validates an index file: shard names must be plain <c>*.safetensors</c> file names (no folders, no <c>..</c>).</summary>
    /// <param name="path">The index path.</param>
    public static ShardIndex Read(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            throw new CheckpointException($"{path}: the index is {info.Length} bytes, over the {MaxBytes}-byte limit; it is not a real shard index.");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses and validates index bytes (read through a storage backend, say); errors name <paramref name="path"/>.</summary>
    /// <param name="json">The file's bytes (at most <see cref="MaxBytes"/>).</param>
    /// <param name="path">The index's name, for messages.</param>
    public static ShardIndex Parse(byte[] json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxBytes)
        {
            throw new CheckpointException($"{path}: the index is {json.Length} bytes, over the {MaxBytes}-byte limit; it is not a real shard index.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new CheckpointException($"{path}: the index is not valid UTF-8; fix or regenerate the shard index.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new CheckpointException($"{path}: invalid JSON ({ex.Message}); fix or regenerate the shard index.", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException($"{path}: weight_map is missing or not an object of tensor name → shard file.");
            }

            var weights = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw new CheckpointException($"{path}: weight_map['{entry.Name}'] is not a string file name.");
                }

                var file = entry.Value.GetString()!;
                ValidateShardName(path, entry.Name, file);
                if (!weights.TryAdd(entry.Name, file))
                {
                    throw new CheckpointException($"{path}: weight_map lists tensor '{entry.Name}' twice.");
                }
            }

            if (weights.Count == 0)
            {
                throw new CheckpointException($"{path}: weight_map is empty; a shard index must map every tensor to its shard.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (doc.RootElement.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in meta.EnumerateObject())
                {
                    metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                }
            }

            return new ShardIndex(weights, metadata);
        }
    }

    private static void ValidateShardName(string path, string tensor, string file)
    {
        var bad = file.Length == 0 || file.Length > 255 || file is "." or ".."
            || file.IndexOfAny(['/', '\\', ':', '\0']) >= 0 || file.Contains("..", StringComparison.Ordinal)
            || !file.EndsWith(".safetensors", StringComparison.Ordinal);
        if (bad)
        {
            throw new CheckpointException($"{path}: weight_map['{tensor}'] = '{file}' is not a plain *.safetensors file name in the model folder.");
        }
    }
}

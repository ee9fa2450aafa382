using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>One shard of the manifest: its file name, row count and the SHA-256 of the file.</summary>
internal sealed record ManifestShard(string Name, int Rows, string Sha256);

/// <summary>
/// The pinned corpus manifest <c>{"shards":[{"name","rows","sha256"}],"total_rows"}</c>. The file must be in canonical
/// form (keys in ordinal order, no whitespace, plain integers, shards in file order) so its SHA-256 is unambiguous.
/// </summary>
internal sealed record TrajectoryManifest(IReadOnlyList<ManifestShard> Shards, long TotalRows)
{
    public const int MaxBytes = 1 << 20;
    private const int MaxShards = 100_000;
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>The canonical serialisation.</summary>
    public byte[] ToCanonicalBytes()
    {
        var text = new StringBuilder("{\"shards\":[");
        text.AppendJoin(',', Shards.Select(s => string.Create(CultureInfo.InvariantCulture, $"{{\"name\":{JsonSerializer.Serialize(s.Name)},\"rows\":{s.Rows},\"sha256\":\"{s.Sha256}\"}}")));
        text.Append(CultureInfo.InvariantCulture, $"],\"total_rows\":{TotalRows}}}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads, checks and pins a manifest file against the configured SHA-256 (lower-case hex).</summary>
    public static TrajectoryManifest Load(string path, string expectedSha256)
    {
        if (!File.Exists(path))
        {
            throw new TrajectoryCorpusException($"The trajectory manifest {path} does not exist; set Components:swe-trajectories:ManifestPath.");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new TrajectoryCorpusException($"The trajectory manifest {path} is larger than {MaxBytes} bytes; it is not a manifest.");
        }

        var bytes = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new TrajectoryCorpusException($"The trajectory manifest {path} has SHA-256 {actual}, not the configured {expectedSha256.ToLowerInvariant()}; the corpus is not the pinned one.");
        }

        var manifest = Parse(bytes, path);
        if (!manifest.ToCanonicalBytes().AsSpan().SequenceEqual(bytes))
        {
            throw new TrajectoryCorpusException($"The trajectory manifest {path} is not in canonical form (sorted keys, no whitespace); regenerate it.");
        }

        return manifest;
    }

    private static TrajectoryManifest Parse(byte[] bytes, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 4 });
            var root = doc.RootElement;
            var shards = new List<ManifestShard>();
            foreach (var item in root.GetProperty("shards").EnumerateArray())
            {
                if (shards.Count == MaxShards)
                {
                    throw new TrajectoryCorpusException($"The trajectory manifest {path} lists more than {MaxShards} shards.");
                }

                shards.Add(Shard(item, path));
            }

            var total = root.GetProperty("total_rows").GetInt64();
            if (shards.Count == 0 || total != shards.Sum(s => (long)s.Rows) || total <= 0)
            {
                throw new TrajectoryCorpusException($"The trajectory manifest {path} needs at least one shard and total_rows equal to the sum of the shards' rows.");
            }

            if (shards.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != shards.Count)
            {
                throw new TrajectoryCorpusException($"The trajectory manifest {path} lists a shard twice.");
            }

            return new TrajectoryManifest(shards, total);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new TrajectoryCorpusException($"The trajectory manifest {path} is not a valid manifest ({ex.Message}).", ex);
        }
    }

    private static ManifestShard Shard(JsonElement item, string path)
    {
        var name = item.GetProperty("name").GetString() ?? string.Empty;
        var rows = item.GetProperty("rows").GetInt32();
        var sha = item.GetProperty("sha256").GetString() ?? string.Empty;
        if (name.Length is 0 or > 255 || name.IndexOfAny(['/', '\\', ':']) >= 0 || name.StartsWith('.') || rows < 0
            || sha.Length != 64 || sha.AsSpan().ContainsAnyExcept(LowerHex))
        {
            throw new TrajectoryCorpusException($"The trajectory manifest {path} has an invalid shard entry '{name}' (a plain file name, rows ≥ 0 and a lower-case hex SHA-256 are required).");
        }

        return new ManifestShard(name, rows, sha);
    }
}

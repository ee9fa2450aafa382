using System.Security.Cryptography;
using Parquet;
using Parquet.Schema;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>The rows of a pinned corpus, shard by shard.</summary>
internal interface ITrajectoryShards
{
    /// <summary>The verified manifest.</summary>
    TrajectoryManifest Manifest { get; }

    /// <summary>Reads one shard's rows, in file order, after checking the shard against the manifest.</summary>
    Task<IReadOnlyList<TrajectoryRow>> ReadAsync(int shard, CancellationToken cancellationToken);
}

/// <summary>Parquet shards beside the manifest; each file is hashed and its row count checked before it is used.</summary>
internal sealed class ParquetTrajectoryShards(string folder, TrajectoryManifest manifest, long maxShardBytes) : ITrajectoryShards
{
    public TrajectoryManifest Manifest => manifest;

    public async Task<IReadOnlyList<TrajectoryRow>> ReadAsync(int shard, CancellationToken cancellationToken)
    {
        var entry = manifest.Shards[shard];
        var path = Path.Combine(folder, entry.Name);
        if (!File.Exists(path))
        {
            throw new TrajectoryCorpusException($"Trajectory shard {path} listed in the manifest does not exist.");
        }

        if (new FileInfo(path).Length > maxShardBytes)
        {
            throw new TrajectoryCorpusException($"Trajectory shard {path} is larger than MaxShardBytes ({maxShardBytes}).");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha != entry.Sha256)
        {
            throw new TrajectoryCorpusException($"Trajectory shard {path} has SHA-256 {sha}, not the manifest's {entry.Sha256}; the corpus was altered.");
        }

        var rows = await ParseAsync(bytes, path, cancellationToken).ConfigureAwait(false);
        if (rows.Count != entry.Rows)
        {
            throw new TrajectoryCorpusException($"Trajectory shard {path} has {rows.Count} rows, not the manifest's {entry.Rows}.");
        }

        return rows;
    }

    private static async Task<IReadOnlyList<TrajectoryRow>> ParseAsync(byte[] bytes, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var fields = reader.Schema.GetDataFields();
            DataField Field(string name) => fields.FirstOrDefault(f => f.Name == name)
                ?? throw new TrajectoryCorpusException($"Trajectory shard {path} has no '{name}' column (instance_id, repo and messages are required).");
            var columns = new[] { Field("instance_id"), Field("repo"), Field("messages") };
            var rows = new List<TrajectoryRow>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                if (group.RowCount < 0 || group.RowCount > bytes.Length)
                {
                    throw new TrajectoryCorpusException($"Trajectory shard {path} claims {group.RowCount} rows in row group {g}, more than its {bytes.Length} bytes can hold.");
                }

                var values = new string?[3][];
                for (var c = 0; c < 3; c++)
                {
                    values[c] = new string?[checked((int)group.RowCount)];
                    var levels = columns[c].IsNullable ? new int[values[c].Length] : null;
                    await group.ReadAsync(columns[c], values[c].AsMemory()!, levels, cancellationToken).ConfigureAwait(false);
                }

                for (var r = 0; r < values[0].Length; r++)
                {
                    var where = $"Trajectory shard {path} row {rows.Count}";
                    rows.Add(new TrajectoryRow(values[0][r] ?? string.Empty, values[1][r] ?? string.Empty, TrajectoryRow.ParseMessages(values[2][r] ?? "null", where)));
                }
            }

            return rows;
        }
        catch (Exception ex) when (ex is not (TrajectoryCorpusException or OperationCanceledException))
        {
            // Parquet.Net throws many types on a corrupt file (ParquetException, ThriftProtocolException,
            // IndexOutOfRangeException…): whatever it throws while reading a shard means the shard is unreadable.
            throw new TrajectoryCorpusException($"Trajectory shard {path} is not a readable parquet file ({ex.Message}).", ex);
        }
    }
}

using Parquet;
using Parquet.Schema;
using Tournament.Plugins.KlDistil.Prompts.ShardFormat;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>Parquet shards in a folder; reads the <c>text</c> column of every row group, in file order.</summary>
internal sealed class ParquetShardSource : IShardSource
{
    private readonly string _folder;
    private readonly ShardFileNames _names;
    private readonly long _maxShardBytes;

    public ParquetShardSource(string folder, ShardFileNames names, int shardCount, long maxShardBytes)
    {
        _folder = folder;
        _names = names;
        _maxShardBytes = maxShardBytes;
        ShardCount = shardCount > 0 ? shardCount : CountShards(folder, names);
    }

    public int ShardCount { get; }

    public string PathOf(int shardIndex) => Path.Combine(_folder, _names.NameOf(shardIndex));

    public async Task<IReadOnlyList<string?>> ReadTextsAsync(int shardIndex, CancellationToken cancellationToken)
    {
        var path = PathOf(shardIndex);
        if (!File.Exists(path))
        {
            throw new PromptSourceException($"Shard {shardIndex} is missing: {path} does not exist; download it or lower ShardCount.");
        }

        var length = new FileInfo(path).Length;
        if (length > _maxShardBytes)
        {
            throw new PromptSourceException($"Shard {path} is {length} bytes, over MaxShardBytes ({_maxShardBytes}); raise the option if the file is genuine.");
        }

        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await ParquetShardCheck.CheckAsync(stream.SafeFileHandle, length, cancellationToken).ConfigureAwait(false);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var field = reader.Schema.GetDataFields().FirstOrDefault(f => f.Name == "text")
                ?? throw new PromptSourceException($"Shard {path} has no string column named 'text'; a ClimbMix shard needs one.");
            var texts = new List<string?>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                if (group.RowCount < 0 || group.RowCount > length)
                {
                    throw new PromptSourceException($"Shard {path} claims {group.RowCount} rows in row group {g}, more than its {length} bytes can hold; re-download it.");
                }

                var values = new string?[checked((int)group.RowCount)];
                var levels = field.IsNullable ? new int[values.Length] : null;
                await group.ReadAsync(field, values.AsMemory()!, levels, cancellationToken).ConfigureAwait(false);
                texts.AddRange(values);
            }

            return texts;
        }
        catch (ShardFormatException ex)
        {
            throw new PromptSourceException($"Shard {path} is refused before the parquet reader sees it: {ex.Message}; re-download it.", ex);
        }
        catch (Exception ex) when (ex is not (PromptSourceException or OperationCanceledException))
        {
            // Parquet.Net throws many types on a corrupt file (ParquetException, ThriftProtocolException,
            // IndexOutOfRangeException…): whatever it throws while reading a shard means the shard is unreadable.
            throw new PromptSourceException($"Shard {path} is not a readable parquet file ({ex.Message}); re-download it.", ex);
        }
    }

    private static int CountShards(string folder, ShardFileNames names)
    {
        if (!Directory.Exists(folder))
        {
            throw new PromptSourceException($"The ClimbMix shard folder {folder} does not exist; set Components:climbmix:ShardsPath.");
        }

        var indices = Directory.EnumerateFiles(folder)
            .Select(f => names.TryIndexOf(Path.GetFileName(f), out var i) ? i : -1)
            .Where(i => i >= 0)
            .Order()
            .ToList();
        if (indices.Count == 0)
        {
            throw new PromptSourceException($"No file in {folder} matches the shard pattern {names.NameOf(0)}; check ShardsPath and ShardPattern.");
        }

        for (var i = 0; i < indices.Count; i++)
        {
            if (indices[i] != i)
            {
                throw new PromptSourceException($"Shards in {folder} must be numbered 0..N-1 without gaps; {names.NameOf(i)} is missing. Set ShardCount to the corpus size when only part of it is on disk.");
            }
        }

        return indices.Count;
    }
}

/// <summary>A corpus problem the operator can fix (missing folder, unreadable shard).</summary>
public sealed class PromptSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PromptSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PromptSourceException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PromptSourceException()
    {
    }
}

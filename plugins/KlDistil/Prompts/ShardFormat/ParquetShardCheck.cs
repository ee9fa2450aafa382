using Microsoft.Win32.SafeHandles;

namespace Tournament.Plugins.KlDistil.Prompts.ShardFormat;

/// <summary>
/// Checks a parquet file's footer and every page header of every column chunk before Parquet.Net reads it, so a
/// corrupt shard is refused with one sentence instead of making the reader allocate what the file declares: the
/// <c>PAR1</c> magic at both ends, a footer length within the file and at most <see cref="MaxFooterBytes"/>, a bounded
/// Thrift walk of <c>FileMetaData</c> (<see cref="ThriftCompactWalker"/>), a schema at most
/// <see cref="MaxSchemaDepth"/> deep, row, value and offset fields within the file, and for each page a header within
/// <see cref="MaxPageHeaderBytes"/>, a compressed size within the file, an uncompressed size at most
/// <see cref="MaxPageBytes"/> and within what the codec can expand the compressed bytes to (a Snappy page's own
/// length prefix must agree), and value counts within the column chunk's. It reads only headers; it changes nothing.
/// </summary>
internal static class ParquetShardCheck
{
    /// <summary>The largest footer accepted (a real shard's footer is a few KiB to a few MiB).</summary>
    public const int MaxFooterBytes = 16 << 20;

    /// <summary>The largest page header accepted (headers carry at most page statistics).</summary>
    public const int MaxPageHeaderBytes = 16 << 20;

    /// <summary>The largest uncompressed page accepted (writers default to 1 MiB pages).</summary>
    public const int MaxPageBytes = 256 << 20;

    /// <summary>The deepest schema accepted (the reader builds it recursively).</summary>
    public const int MaxSchemaDepth = 64;

    private const int FirstHeaderRead = 4096;

    /// <exception cref="ShardFormatException">The file must not be handed to the parquet reader.</exception>
    public static async Task CheckAsync(SafeFileHandle file, long length, CancellationToken cancellationToken)
    {
        if (length < 12)
        {
            throw new ShardFormatException($"it is {length} bytes, too short for a parquet file");
        }

        var tail = await ReadAsync(file, length - 8, 8, cancellationToken).ConfigureAwait(false);
        var head = await ReadAsync(file, 0, 4, cancellationToken).ConfigureAwait(false);
        if (!head.AsSpan().SequenceEqual("PAR1"u8) || !tail.AsSpan(4).SequenceEqual("PAR1"u8))
        {
            throw new ShardFormatException("it does not start and end with the parquet magic 'PAR1'");
        }

        var footerLength = BitConverter.ToInt32(tail, 0);
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > MaxFooterBytes)
        {
            throw new ShardFormatException($"its footer length {footerLength} is not within the file's {length - 12} bytes and the {MaxFooterBytes}-byte bound");
        }

        var dataEnd = length - 8 - footerLength;
        var footer = await ReadAsync(file, dataEnd, footerLength, cancellationToken).ConfigureAwait(false);
        var meta = Walk(footer, 0, footerLength, "FileMetaData", "its footer").Value;
        CheckSchema(meta.List(2));
        var groups = meta.List(4);
        for (var g = 0; g < groups.Count; g++)
        {
            var rows = groups[g].Int(3) ?? 0;
            if (rows < 0 || rows > length)
            {
                throw new ShardFormatException($"row group {g} claims {rows} rows, more than its {length} bytes can hold");
            }

            var chunks = groups[g].List(1);
            for (var c = 0; c < chunks.Count; c++)
            {
                var column = chunks[c].Struct(3) ?? throw new ShardFormatException($"column chunk {c} of row group {g} has no metadata");
                await CheckPagesAsync(file, column, dataEnd, $"column chunk {c} of row group {g}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void CheckSchema(IReadOnlyList<ThriftStruct> schema)
    {
        var open = new Stack<long>();
        foreach (var element in schema)
        {
            while (open.Count > 0 && open.Peek() == 0)
            {
                open.Pop();
            }

            if (open.Count > 0)
            {
                open.Push(open.Pop() - 1);
            }

            var children = element.Int(5) ?? 0;
            if (children < 0 || children > schema.Count)
            {
                throw new ShardFormatException($"a schema element declares {children} children, not within the schema's {schema.Count} elements");
            }

            if (children > 0)
            {
                open.Push(children);
                if (open.Count > MaxSchemaDepth)
                {
                    throw new ShardFormatException($"its schema is nested more than {MaxSchemaDepth} deep");
                }
            }
        }
    }

    private static async Task CheckPagesAsync(SafeFileHandle file, ThriftStruct column, long dataEnd, string where, CancellationToken cancellationToken)
    {
        var codec = column.Int(4) ?? 0;
        var values = column.Int(5) ?? 0;
        if (values < 0 || values > dataEnd * 8)
        {
            throw new ShardFormatException($"{where} claims {values} values, more than its bytes can hold");
        }

        var offsets = new[] { column.Int(11) ?? 0, column.Int(9) ?? 0, column.Int(10) ?? 0 };
        if (offsets.Any(o => o < 0 || o >= dataEnd) || offsets.All(o => o == 0))
        {
            throw new ShardFormatException($"{where} has a page offset outside the file's {dataEnd} data bytes");
        }

        var position = offsets.Where(o => o != 0).Min();
        long seen = 0;
        while (seen < values)
        {
            if (position < 4 || position >= dataEnd)
            {
                throw new ShardFormatException($"{where} holds {seen} of its {values} values before its pages leave the data bytes");
            }

            var (page, dataStart) = await ReadPageHeaderAsync(file, position, dataEnd, where, cancellationToken).ConfigureAwait(false);
            seen += await CheckPageAsync(file, page, codec, dataStart, dataEnd, values - seen, where, cancellationToken).ConfigureAwait(false);
            position = dataStart + (page.Int(3) ?? 0);
        }
    }

    private static async Task<long> CheckPageAsync(SafeFileHandle file, ThriftStruct page, long codec, long dataStart, long dataEnd, long valuesLeft, string where, CancellationToken cancellationToken)
    {
        var type = page.Int(1) ?? -1;
        var uncompressed = page.Int(2) ?? 0;
        var compressed = page.Int(3) ?? 0;
        if (compressed < 0 || compressed > dataEnd - dataStart)
        {
            throw new ShardFormatException($"a page of {where} declares {compressed} compressed bytes, more than the {dataEnd - dataStart} left before the footer");
        }

        if (uncompressed < 0 || uncompressed > MaxPageBytes || uncompressed > compressed * MaxExpansion(codec, where))
        {
            throw new ShardFormatException($"a page of {where} declares {uncompressed} uncompressed bytes from {compressed} compressed, beyond codec {codec} and the {MaxPageBytes}-byte bound");
        }

        var (header, count, levels, compressedData) = type switch
        {
            0 => (page.Struct(5), page.Struct(5)?.Int(1), 0L, true),
            2 => (page.Struct(7), page.Struct(7)?.Int(1), 0L, true),
            3 => (page.Struct(8), page.Struct(8)?.Int(1), (page.Struct(8)?.Int(5) ?? 0) + (page.Struct(8)?.Int(6) ?? 0), (page.Struct(8)?.Int(7) ?? 1) != 0),
            _ => throw new ShardFormatException($"a page of {where} has page type {type}, which the reader cannot read"),
        };
        if (header is null || count is not { } n || n < (type == 2 ? 0 : 1) || n > valuesLeft)
        {
            throw new ShardFormatException($"a page of {where} declares {count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} values, not within the {valuesLeft} its column chunk has left");
        }

        if (levels < 0 || levels > compressed || levels > uncompressed)
        {
            throw new ShardFormatException($"a page of {where} declares {levels} level bytes, more than the page holds");
        }

        if (codec == 1 && compressedData && compressed > levels)
        {
            await CheckSnappyLengthAsync(file, dataStart + levels, (int)Math.Min(5, compressed - levels), uncompressed - levels, where, cancellationToken).ConfigureAwait(false);
        }

        return type == 2 ? 0 : n;
    }

    private static async Task CheckSnappyLengthAsync(SafeFileHandle file, long offset, int available, long declared, string where, CancellationToken cancellationToken)
    {
        var prefix = await ReadAsync(file, offset, available, cancellationToken).ConfigureAwait(false);
        ulong length = 0;
        for (var i = 0; i < prefix.Length; i++)
        {
            length |= (ulong)(prefix[i] & 0x7f) << (7 * i);
            if ((prefix[i] & 0x80) == 0)
            {
                if (length != (ulong)declared)
                {
                    throw new ShardFormatException($"a Snappy page of {where} expands to {length} bytes, not the {declared} its header declares");
                }

                return;
            }
        }

        throw new ShardFormatException($"a Snappy page of {where} has no valid length prefix");
    }

    /// <summary>The most a codec's output can exceed its input (Snappy is also checked exactly).</summary>
    private static long MaxExpansion(long codec, string where) => codec switch
    {
        0 => 1,          // UNCOMPRESSED
        1 => 32,         // SNAPPY: a 3-byte copy yields at most 64 bytes
        2 => 1100,       // GZIP: deflate peaks at about 1032:1
        5 or 7 => 256,   // LZ4, LZ4_RAW: a match byte run peaks near 255:1
        4 or 6 => 1 << 15, // BROTLI, ZSTD: a few bytes can repeat a byte for a whole block (ZSTD: 128 KiB per 4-byte RLE block)
        _ => throw new ShardFormatException($"{where} uses compression codec {codec}, which the reader cannot read"),
    };

    private static async Task<(ThriftStruct Page, long DataStart)> ReadPageHeaderAsync(SafeFileHandle file, long position, long dataEnd, string where, CancellationToken cancellationToken)
    {
        var size = (int)Math.Min(FirstHeaderRead, dataEnd - position);
        while (true)
        {
            var bytes = await ReadAsync(file, position, size, cancellationToken).ConfigureAwait(false);
            try
            {
                var (page, end) = ThriftCompactWalker.Walk(bytes, 0, size, "PageHeader");
                return (page, position + end);
            }
            catch (ThriftWalkException ex) when (ex.Truncated && size < Math.Min(MaxPageHeaderBytes, dataEnd - position))
            {
                size = (int)Math.Min(Math.Min((long)size * 4, MaxPageHeaderBytes), dataEnd - position);
            }
            catch (ThriftWalkException ex)
            {
                throw new ShardFormatException($"a page header of {where} cannot be read: {ex.Message}");
            }
        }
    }

    private static (ThriftStruct Value, int End) Walk(byte[] bytes, int start, int end, string name, string what)
    {
        try
        {
            return ThriftCompactWalker.Walk(bytes, start, end, name);
        }
        catch (ThriftWalkException ex)
        {
            throw new ShardFormatException($"{what} cannot be read: {ex.Message}");
        }
    }

    private static async Task<byte[]> ReadAsync(SafeFileHandle file, long offset, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(read), offset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new ShardFormatException($"it ends before byte {offset + count}");
            }

            read += n;
        }

        return buffer;
    }
}

/// <summary>Why a shard must not be handed to the parquet reader; the message is a clause (no final period).</summary>
internal sealed class ShardFormatException : Exception
{
    public ShardFormatException(string message)
        : base(message)
    {
    }

    public ShardFormatException()
    {
    }

    public ShardFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

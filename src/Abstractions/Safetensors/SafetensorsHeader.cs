using System.Buffers.Binary;
using System.Text.Json;

namespace Tournament.Abstractions;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The shape (non-negative dimensions; empty for a scalar).</param>
/// <param name="Begin">Start offset in the data section.</param>
/// <param name="End">End offset (exclusive) in the data section.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>The number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => checked(a * d));

    /// <summary>The byte length of the data.</summary>
    public long ByteLength => End - Begin;
}

/// <summary>A safetensors file is malformed. The message names the file and the field.</summary>
public sealed class SafetensorsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or stream) name.</param>
    /// <param name="field">The offending field, e.g. <c>header length</c> or <c>tensor 'w': data_offsets</c>.</param>
    /// <param name="problem">What is wrong.</param>
    public SafetensorsFormatException(string source, string field, string problem)
        : base($"{source}: {field}: {problem}")
    {
        Source = source;
        Field = field;
    }

    /// <summary>The file or stream name.</summary>
    public new string Source { get; }

    /// <summary>The offending field.</summary>
    public string Field { get; }
}

/// <summary>
/// The strictly validated header of a safetensors file: 8-byte little-endian header length N, N bytes of JSON, then
/// the data section. Validation: N bounded by <see cref="MaxHeaderBytes"/> and inside the file; the JSON an object with
/// unique keys; every dtype known; shapes non-negative integers; data offsets contiguous from 0, non-overlapping, each
/// <c>end − begin = elements × dtype size</c>; and, when the file length is known, <c>8 + N + data = file length</c>
/// (no trailing garbage).
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>The largest header accepted (100,000,000 bytes, as the reference implementation).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private SafetensorsHeader(string source, long headerLength, IReadOnlyList<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Source = source;
        HeaderLength = headerLength;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file or stream the header came from.</summary>
    public string Source { get; }

    /// <summary>N, the JSON header's length in bytes.</summary>
    public long HeaderLength { get; }

    /// <summary>The absolute file offset of the data section (8 + N).</summary>
    public long DataOffset => 8 + HeaderLength;

    /// <summary>The data section's length.</summary>
    public long DataLength => Tensors.Count == 0 ? 0 : Tensors[^1].End;

    /// <summary>The expected total file length.</summary>
    public long FileLength => DataOffset + DataLength;

    /// <summary>The tensors, ordered by data offset.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The total number of elements over all tensors.</summary>
    public long ParameterCount => Tensors.Aggregate(0L, (a, t) => checked(a + t.ElementCount));

    /// <summary>Reads the 8-byte prefix and returns N, validated against the bound and, when known, the file length.</summary>
    /// <param name="prefix">At least 8 bytes.</param>
    /// <param name="fileLength">The file length, when known.</param>
    /// <param name="source">The file name, for messages.</param>
    public static long ReadHeaderLength(ReadOnlySpan<byte> prefix, long? fileLength, string source)
    {
        if (prefix.Length < 8 || fileLength is < 8)
        {
            throw new SafetensorsFormatException(source, "header length", "the file is shorter than the 8-byte header length prefix.");
        }

        var n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > MaxHeaderBytes)
        {
            throw new SafetensorsFormatException(source, "header length", $"{n} bytes exceeds the {MaxHeaderBytes}-byte limit.");
        }

        if (n < 2)
        {
            throw new SafetensorsFormatException(source, "header length", $"{n} bytes is too short for a JSON object.");
        }

        if (fileLength is { } length && (long)n > length - 8)
        {
            throw new SafetensorsFormatException(source, "header length", $"{n} bytes runs past the end of the {length}-byte file.");
        }

        return (long)n;
    }

    /// <summary>Reads and validates the header from the start of a stream. Only the header is read.</summary>
    /// <param name="stream">A stream positioned at the file's start.</param>
    /// <param name="fileLength">The file length when known (enables the trailing-garbage check); seekable streams supply it.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<SafetensorsHeader> ReadAsync(Stream stream, long? fileLength, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        fileLength ??= stream.CanSeek ? stream.Length - stream.Position : null;
        var prefix = new byte[8];
        await ReadExactlyAsync(stream, prefix, source, "header length", cancellationToken).ConfigureAwait(false);
        var n = ReadHeaderLength(prefix, fileLength, source);
        var json = new byte[n];
        await ReadExactlyAsync(stream, json, source, "header", cancellationToken).ConfigureAwait(false);
        return Parse(json, n, fileLength, source);
    }

    /// <summary>Reads and validates the header of a file on disk.</summary>
    /// <param name="path">The file path.</param>
    public static SafetensorsHeader ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        return ReadAsync(stream, stream.Length, path).GetAwaiter().GetResult();
    }

    /// <summary>Parses a complete file prefix (8-byte length plus JSON) already in memory.</summary>
    /// <param name="bytes">At least 8 + N bytes from the start of the file.</param>
    /// <param name="fileLength">The file length when known.</param>
    /// <param name="source">The file name, for messages.</param>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> bytes, long? fileLength, string source)
    {
        var n = ReadHeaderLength(bytes, fileLength, source);
        if (bytes.Length - 8 < n)
        {
            throw new SafetensorsFormatException(source, "header", $"truncated: {bytes.Length - 8} of {n} header bytes present.");
        }

        return Parse(bytes.Slice(8, (int)n), n, fileLength, source);
    }

    private static SafetensorsHeader Parse(ReadOnlySpan<byte> json, long n, long? fileLength, string source)
    {
        var trimmed = json.TrimEnd((byte)' ');
        if (trimmed.Length == 0 || trimmed[0] != (byte)'{')
        {
            throw new SafetensorsFormatException(source, "header", "the JSON header must start with '{'.");
        }

        var (tensors, metadata) = SafetensorsHeaderJson.Read(trimmed, source);
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var t in tensors)
        {
            if (t.Begin != expected)
            {
                var problem = t.Begin < expected ? $"begins at {t.Begin}, overlapping the previous tensor that ends at {expected}" : $"begins at {t.Begin}, leaving a gap after offset {expected}";
                throw new SafetensorsFormatException(source, $"tensor '{t.Name}': data_offsets", problem + ".");
            }

            expected = t.End;
        }

        var header = new SafetensorsHeader(source, n, tensors, metadata);
        if (fileLength is { } length && header.FileLength != length)
        {
            var problem = length > header.FileLength
                ? $"the file has {length - header.FileLength} trailing bytes after the data section."
                : $"the data section needs {header.DataLength} bytes but the file holds {length - header.DataOffset}.";
            throw new SafetensorsFormatException(source, "file length", problem);
        }

        return header;
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, string source, string field, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            throw new SafetensorsFormatException(source, field, "truncated: the stream ended early.");
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Inference.Safetensors;

/// <summary>
/// Writes a safetensors file deterministically: tensors sorted by ordinal name and laid out contiguously in that
/// order, <c>__metadata__</c> first when given, JSON without whitespace, header padded with spaces to a multiple of
/// 8 bytes. The file is written to a temporary name beside the target and renamed into place, so a crash never
/// leaves a half-written file under the final name.
/// </summary>
public sealed class SafetensorsWriter
{
    private readonly SortedDictionary<string, Entry> _tensors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>The number of tensors added.</summary>
    public int Count => _tensors.Count;

    /// <summary>Adds a tensor whose bytes are in memory.</summary>
    /// <param name="name">The tensor name (unique, not <c>__metadata__</c>).</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="data">Little-endian element bytes; the length must equal elements × dtype size.</param>
    public SafetensorsWriter Add(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data)
    {
        var length = Validate(name, dtype, shape);
        if (data.Length != length)
        {
            throw new ArgumentException($"Tensor '{name}': {data.Length} bytes given but {dtype} × [{string.Join(", ", shape)}] needs {length}.", nameof(data));
        }

        _tensors.Add(name, new Entry(dtype, shape.ToArray(), length, s => s.Write(data.Span)));
        return this;
    }

    /// <summary>Adds a tensor whose bytes are produced on demand while the file is written (for large tensors).</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="writeData">Writes exactly elements × dtype size bytes to the stream.</param>
    public SafetensorsWriter Add(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var length = Validate(name, dtype, shape);
        _tensors.Add(name, new Entry(dtype, shape.ToArray(), length, writeData));
        return this;
    }

    /// <summary>Sets a <c>__metadata__</c> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public SafetensorsWriter SetMetadata(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _metadata[key] = value;
        return this;
    }

    /// <summary>The header bytes (8-byte length prefix included) this writer produces.</summary>
    public byte[] BuildHeader()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in _metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, entry) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", entry.DType.ToString());
                json.WriteStartArray("shape");
                foreach (var d in entry.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.Length;
            }

            json.WriteEndObject();
        }

        var jsonLength = buffer.Length;
        var padded = (jsonLength + 7) / 8 * 8;
        var header = new byte[8 + padded];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)padded);

        buffer.GetBuffer().AsSpan(0, (int)jsonLength).CopyTo(header.AsSpan(8));
        header.AsSpan(8 + (int)jsonLength).Fill((byte)' ');
        return header;
    }

    /// <summary>Writes the file (temporary file, then an atomic rename over <paramref name="path"/>).</summary>
    /// <param name="path">The target path.</param>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                stream.Write(BuildHeader());
                foreach (var (name, entry) in _tensors)
                {
                    var before = stream.Position;
                    entry.WriteData(stream);
                    if (stream.Position - before != entry.Length)
                    {
                        throw new InvalidOperationException($"Tensor '{name}': the data callback wrote {stream.Position - before} bytes; {entry.Length} were declared.");
                    }
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private long Validate(string name, SafetensorsDType dtype, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name.Length == 0 || name == "__metadata__")
        {
            throw new ArgumentException($"'{name}' is not a valid tensor name.", nameof(name));
        }

        if (_tensors.ContainsKey(name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
        }

        return checked(shape.Aggregate(1L, (a, d) => checked(a * d)) * SafetensorsDTypes.SizeOf(dtype));
    }

    private sealed record Entry(SafetensorsDType DType, long[] Shape, long Length, Action<Stream> WriteData);
}

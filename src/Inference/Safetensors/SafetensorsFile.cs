using System.IO.MemoryMappedFiles;
using Tournament.Abstractions;

namespace Tournament.Inference.Safetensors;

/// <summary>
/// One safetensors file, memory-mapped read-only. The header is validated strictly (see
/// <see cref="SafetensorsHeader"/>) before anything is mapped; tensor bytes are then exposed as zero-copy spans
/// over the mapping. Not thread-affine: spans may be read from several threads while the file stays open.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;
    private bool _disposed;

    private SafetensorsFile(string path, SafetensorsHeader header, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* basePointer)
    {
        Path = path;
        Header = header;
        _map = map;
        _view = view;
        _base = basePointer;
        _byName = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Names = header.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>The validated header.</summary>
    public SafetensorsHeader Header { get; }

    /// <summary>Tensor names in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The tensors in data-offset order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors => Header.Tensors;

    /// <summary>The <c>__metadata__</c> map.</summary>
    public IReadOnlyDictionary<string, string> Metadata => Header.Metadata;

    /// <summary>Opens and validates a file. Throws <see cref="SafetensorsFormatException"/> naming the file and field.</summary>
    /// <param name="path">The file path.</param>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Safetensors file '{path}' does not exist.", path);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        try
        {
            var header = SafetensorsHeader.ReadAsync(stream, stream.Length, path).GetAwaiter().GetResult();
            if (header.DataLength == 0)
            {
                stream.Dispose();
                return new SafetensorsFile(path, header, null, null, null);
            }

            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            return new SafetensorsFile(path, header, map, view, pointer);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor of that name.</summary>
    /// <param name="name">The tensor name.</param>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The tensor's header entry.</summary>
    /// <param name="name">The tensor name.</param>
    public SafetensorsTensorInfo GetInfo(string name) =>
        _byName.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'.");

    /// <summary>Looks up a tensor's header entry.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="info">The entry when found.</param>
    public bool TryGetInfo(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafetensorsTensorInfo? info) =>
        _byName.TryGetValue(name, out info);

    /// <summary>The tensor's raw little-endian bytes, zero-copy. Valid until the file is disposed. Tensors over 2 GiB: use <see cref="GetBytes(string, long, int)"/>.</summary>
    /// <param name="name">The tensor name.</param>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        var info = GetInfo(name);
        if (info.ByteLength > int.MaxValue)
        {
            throw new InvalidOperationException($"{Path}: tensor '{name}' is {info.ByteLength} bytes, larger than one span; read it in chunks with GetBytes(name, offset, length).");
        }

        return GetBytes(info, 0, (int)info.ByteLength);
    }

    /// <summary>A slice of the tensor's bytes, zero-copy.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="offset">Offset within the tensor's bytes.</param>
    /// <param name="length">Number of bytes.</param>
    public ReadOnlySpan<byte> GetBytes(string name, long offset, int length) => GetBytes(GetInfo(name), offset, length);

    /// <summary>A slice of a tensor's bytes, zero-copy; <paramref name="info"/> must come from this file.</summary>
    /// <param name="info">The tensor entry.</param>
    /// <param name="offset">Offset within the tensor's bytes.</param>
    /// <param name="length">Number of bytes.</param>
    public ReadOnlySpan<byte> GetBytes(SafetensorsTensorInfo info, long offset, int length)
    {
        ArgumentNullException.ThrowIfNull(info);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_byName.TryGetValue(info.Name, out var own) || !ReferenceEquals(own, info))
        {
            throw new ArgumentException($"Tensor '{info.Name}' does not belong to {Path}.", nameof(info));
        }

        if (offset < 0 || length < 0 || offset + length > info.ByteLength)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset + length}) is outside tensor '{info.Name}' ({info.ByteLength} bytes).");
        }

        return length == 0 ? [] : new ReadOnlySpan<byte>(_base + Header.DataOffset + info.Begin + offset, length);
    }

    /// <summary>Copies a tensor's bytes into a new array (for tensors under 2 GiB).</summary>
    /// <param name="name">The tensor name.</param>
    public byte[] ReadBytes(string name) => GetBytes(name).ToArray();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }
}

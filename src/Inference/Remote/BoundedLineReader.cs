using System.Buffers;
using System.Text;

namespace Tournament.Inference.Remote;

/// <summary>The response body passed the configured size limit.</summary>
/// <param name="limit">The limit in bytes.</param>
public sealed class ResponseTooLargeException(long limit)
    : Exception($"The response passed the limit of {limit} bytes.")
{
    /// <summary>The limit in bytes.</summary>
    public long Limit { get; } = limit;
}

/// <summary>
/// Reads UTF-8 lines from a stream without ever holding more than the configured number of bytes (HTTP bodies and SSE
/// streams of OpenAI-compatible servers).
/// </summary>
/// <param name="stream">The body.</param>
/// <param name="maxBytes">The most bytes read before <see cref="ResponseTooLargeException"/>.</param>
public sealed class BoundedLineReader(Stream stream, long maxBytes) : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly ArrayBufferWriter<byte> _pending = new();
    private int _start;
    private int _end;
    private long _total;

    /// <summary>True when the body ended in the middle of a line (no final newline).</summary>
    public bool EndedMidLine { get; private set; }

    /// <summary>All the bytes read so far.</summary>
    public long BytesRead => _total;

    /// <summary>The next line without its terminator, or null at the end of the body.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            newline = newline < 0 ? -1 : newline + _start;
            if (newline >= 0)
            {
                var line = Take(_buffer.AsSpan(_start, newline - _start));
                _start = newline + 1;
                return line;
            }

            _pending.Write(_buffer.AsSpan(_start, _end - _start));
            _start = _end = 0;
            var read = await stream.ReadAsync(_buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_pending.WrittenCount == 0)
                {
                    return null;
                }

                EndedMidLine = true;
                return Take([]);
            }

            _total += read;
            if (_total > maxBytes)
            {
                throw new ResponseTooLargeException(maxBytes);
            }

            _end = read;
        }
    }

    /// <summary>Reads the rest of the body (bounded) as text.</summary>
    public async ValueTask<string> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string Take(ReadOnlySpan<byte> tail)
    {
        string line;
        if (_pending.WrittenCount == 0)
        {
            line = Encoding.UTF8.GetString(tail);
        }
        else
        {
            _pending.Write(tail);
            line = Encoding.UTF8.GetString(_pending.WrittenSpan);
            _pending.ResetWrittenCount();
        }

        return line.EndsWith('\r') ? line[..^1] : line;
    }
}

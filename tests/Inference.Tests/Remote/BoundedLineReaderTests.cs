using System.Text;
using Tournament.Inference.Remote;

namespace Tournament.Inference.Tests.Remote;

public sealed class BoundedLineReaderTests
{
    [Fact]
    public async Task ReadLineAsync_LinesAcrossBufferBoundaries_AreReassembled()
    {
        var random = new Random(7);
        var lines = Enumerable.Range(0, 200).Select(_ => new string('é', random.Next(0, 40_000))).ToArray();
        using var reader = new BoundedLineReader(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\n")), long.MaxValue);

        var read = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            read.Add(line);
        }

        Assert.Equal(lines, read);
        Assert.False(reader.EndedMidLine);
    }

    [Fact]
    public async Task ReadLineAsync_NoFinalNewline_ReportsEndedMidLine()
    {
        using var reader = new BoundedLineReader(new MemoryStream("a\nhalf"u8.ToArray()), 1024);

        Assert.Equal("a", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("half", await reader.ReadLineAsync(CancellationToken.None));
        Assert.True(reader.EndedMidLine);
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadLineAsync_OversizedLineWithoutNewline_ThrowsAtTheLimit()
    {
        using var reader = new BoundedLineReader(new EndlessStream((byte)'x'), 100_000);

        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(async () => await reader.ReadLineAsync(CancellationToken.None));

        Assert.Equal(100_000, error.Limit);
        Assert.InRange(reader.BytesRead, 100_001, 100_000 + (16 * 1024));
    }

    private sealed class EndlessStream(byte value) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, value, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

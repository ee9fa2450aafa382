using Microsoft.Extensions.Time.Testing;
using Tournament.Abstractions;
using Tournament.Engine.Chain;
using Tournament.Engine.Tests.State;

namespace Tournament.Engine.Tests.Chain;

public sealed class LocalChainTests : IDisposable
{
    private static readonly DateTimeOffset Genesis = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TestFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Genesis);

    public void Dispose() => _folder.Dispose();

    private LocalChain Chain(string? seed = null, int blockTime = 12, TimeProvider? time = null, string? path = null) =>
        new(new LocalChainOptions { GenesisSeed = seed ?? "tournament-local", BlockTimeSeconds = blockTime, Path = path },
            _folder.Environment, time ?? _time, TestFolder.Log<LocalChain>());

    [Fact]
    public async Task GetHeadAsync_AdvancesOneBlockEveryTwelveSeconds()
    {
        using var chain = Chain();
        var head = await chain.GetHeadAsync(default);
        Assert.Equal(0, head.Number);
        Assert.Equal(Genesis, head.Timestamp);

        _time.Advance(TimeSpan.FromSeconds(11.999));
        Assert.Equal(0, (await chain.GetHeadAsync(default)).Number);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await chain.GetHeadAsync(default)).Number);
        _time.Advance(TimeSpan.FromSeconds(12 * 999));
        head = await chain.GetHeadAsync(default);
        Assert.Equal(1000, head.Number);
        Assert.Equal(Genesis.AddSeconds(12_000), head.Timestamp);
        Assert.Equal("0x9ef8b0bf1c1e10290715d8026abd9dbd717ca6c951c773829da1a0b2ba5d58f7", head.Hash);
    }

    [Fact]
    public async Task Genesis_IsRecordedOnceAndSharedByLaterInstances()
    {
        using (var first = Chain())
        {
            await first.GetHeadAsync(default);
        }

        _time.Advance(TimeSpan.FromSeconds(12 * 7 + 5));
        using var second = Chain();
        var head = await second.GetHeadAsync(default);
        Assert.Equal(7, head.Number);
        Assert.Equal(new BlockHashChain("tournament-local").HashOf(7), head.Hash);
        Assert.True(File.Exists(Path.Combine(_folder.Environment.DataDirectory, "chain.db")));
    }

    [Fact]
    public async Task BlockHashes_AreDeterministicAcrossLedgers()
    {
        using var a = Chain(path: _folder.File("a.db"));
        using var b = Chain(path: _folder.File("b.db"), time: new FakeTimeProvider(Genesis.AddDays(3)));
        await a.GetHeadAsync(default);
        _time.Advance(TimeSpan.FromSeconds(12 * 42));

        var headA = await a.GetHeadAsync(default);
        Assert.Equal(42, headA.Number);
        Assert.Equal(headA.Hash, b.HashOf(42));
        Assert.Equal(0, (await b.GetHeadAsync(default)).Number);
    }

    [Fact]
    public async Task GenesisSeed_ChangedOnAnExistingLedger_IsRefused()
    {
        using (var original = Chain())
        {
            await original.GetHeadAsync(default);
        }

        using var changed = Chain(seed: "another-seed");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => changed.GetHeadAsync(default));
        Assert.Contains("GenesisSeed 'tournament-local'", error.Message, StringComparison.Ordinal);
        Assert.Contains("another-seed", error.Message, StringComparison.Ordinal);

        using var retimed = Chain(blockTime: 6);
        await Assert.ThrowsAsync<InvalidDataException>(() => retimed.GetHeadAsync(default));
    }

    [Fact]
    public async Task CommitAsync_KeepsChainOrderWithinAndAcrossBlocks()
    {
        using var chain = Chain();
        var c1 = await chain.CommitAsync("alice", "alice/tiny@" + new string('a', 64), default);
        var c2 = await chain.CommitAsync("bob", "bob/tiny@" + new string('b', 64), default);
        _time.Advance(TimeSpan.FromSeconds(24));
        var c3 = await chain.CommitAsync("carol", "carol/tiny@" + new string('c', 64), default);
        var c4 = await chain.CommitAsync("alice", "alice/second@" + new string('d', 64), default);

        Assert.Equal((0L, 0), (c1.Block, c1.Index));
        Assert.Equal((0L, 1), (c2.Block, c2.Index));
        Assert.Equal((2L, 0), (c3.Block, c3.Index));
        Assert.Equal((2L, 1), (c4.Block, c4.Index));
        Assert.Equal(new[] { c1, c2, c3, c4 }, await chain.GetCommitmentsAsync(2, default));
        Assert.Equal(new[] { c1, c2 }, await chain.GetCommitmentsAsync(1, default));

        // Every commitment of a hotkey is returned, in chain order; the round runner takes the first.
        Assert.Equal(new[] { c1, c4 }, (await chain.GetCommitmentsAsync(10, default)).Where(c => c.Hotkey == "alice"));
    }

    [Fact]
    public async Task CommitAsync_ClockBehindTheLedger_NeverGoesBackInChainOrder()
    {
        using (var chain = Chain())
        {
            await chain.GetHeadAsync(default);
            _time.Advance(TimeSpan.FromSeconds(12 * 5));
            await chain.CommitAsync("alice", "first", default);
        }

        using var lagging = Chain(time: new FakeTimeProvider(Genesis.AddSeconds(12)));
        var second = await lagging.CommitAsync("bob", "second", default);

        Assert.Equal((5L, 1), (second.Block, second.Index));
        Assert.Equal(new[] { "first", "second" }, (await lagging.GetCommitmentsAsync(5, default)).Select(c => c.Data));
    }

    [Fact]
    public async Task CommitAsync_UnknownHotkey_IsRegisteredWithTheNextUid()
    {
        using var chain = Chain();
        await chain.CommitAsync("alice", "x", default);
        _time.Advance(TimeSpan.FromSeconds(12));
        await chain.CommitAsync("bob", "y", default);
        await chain.CommitAsync("alice", "z", default);

        Assert.Equal(new[] { new Neuron(0, "alice", 0), new Neuron(1, "bob", 1) }, await chain.GetNeuronsAsync(default));
    }

    [Fact]
    public async Task DeregisterThenRegister_RecyclesTheUidForANewHotkey()
    {
        using var chain = Chain();
        await chain.CommitAsync("alice", "x", default);
        await chain.CommitAsync("bob", "y", default);
        _time.Advance(TimeSpan.FromSeconds(36));
        await chain.DeregisterAsync("bob", default);

        // Committing never recycles: carol gets a fresh UID.
        await chain.CommitAsync("carol", "z", default);
        var dave = await chain.RegisterAsync("dave", null, default);
        Assert.Equal(new Neuron(1, "dave", 3), dave);
        Assert.Equal(new[] { (0, "alice"), (1, "dave"), (2, "carol") }, (await chain.GetNeuronsAsync(default)).Select(n => (n.Uid, n.Hotkey)));

        // bob's commitment stays on the ledger; the runner matches commitments against neurons.
        Assert.Contains(await chain.GetCommitmentsAsync(10, default), c => c.Hotkey == "bob");
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.RegisterAsync("erin", 0, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.RegisterAsync("alice", null, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.DeregisterAsync("nobody", default));
        Assert.Equal(new Neuron(7, "erin", 3), await chain.RegisterAsync("erin", 7, default));
    }

    [Fact]
    public async Task SetWeightsAsync_RecordsEveryRowAtTheHeadBlock()
    {
        using var chain = Chain();
        await chain.GetHeadAsync(default);
        _time.Advance(TimeSpan.FromSeconds(12 * 5));
        var result = await chain.SetWeightsAsync(new WeightVector(new Dictionary<string, double> { ["alice"] = 0.75, ["bob"] = 0.25 }), default);
        Assert.True(result.IsT0);
        _time.Advance(TimeSpan.FromSeconds(12));
        await chain.SetWeightsAsync(WeightVector.WinnerTakesAll("bob"), default);

        Assert.Equal(
            new[] { new WeightRow(1, 5, "alice", 0.75), new WeightRow(1, 5, "bob", 0.25), new WeightRow(2, 6, "bob", 1.0) },
            await chain.GetWeightHistoryAsync(default));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(double.PositiveInfinity)]
    public async Task SetWeightsAsync_InvalidWeight_IsRefused(double weight)
    {
        using var chain = Chain();
        await Assert.ThrowsAsync<ArgumentException>(() => chain.SetWeightsAsync(new WeightVector(new Dictionary<string, double> { ["alice"] = weight }), default));
        Assert.Empty(await chain.GetWeightHistoryAsync(default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("../../etc")]
    [InlineData("semi;colon")]
    public async Task CommitAsync_HostileHotkey_IsRefused(string hotkey)
    {
        using var chain = Chain();
        await Assert.ThrowsAsync<ArgumentException>(() => chain.CommitAsync(hotkey, "x", default));
        Assert.Empty(await chain.GetNeuronsAsync(default));
    }

    [Fact]
    public async Task CommitAsync_OversizedHotkey_IsRefused()
    {
        using var chain = Chain();
        await Assert.ThrowsAsync<ArgumentException>(() => chain.CommitAsync(new string('h', 129), "x", default));
        Assert.Equal(0, (await chain.CommitAsync(new string('h', 128), "x", default)).Index);
    }

    [Fact]
    public async Task CommitAsync_OversizedData_IsRefused()
    {
        using var chain = Chain();
        await Assert.ThrowsAsync<ArgumentException>(() => chain.CommitAsync("alice", new string('x', LocalChain.MaxCommitmentLength + 1), default));
        Assert.Empty(await chain.GetCommitmentsAsync(long.MaxValue, default));
    }

    [Fact]
    public async Task Ledger_NotASqliteFile_FailsWithAClearMessage()
    {
        var path = _folder.File("chain.db");
        await File.WriteAllTextAsync(path, "garbage that is not a ledger");
        using var chain = Chain(path: path);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => chain.GetHeadAsync(default));
        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Contains("Components:local-chain:Path", error.Message, StringComparison.Ordinal);
    }
}

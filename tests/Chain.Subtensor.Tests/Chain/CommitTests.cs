using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Chain.Subtensor.Tests.Chain;

/// <summary>
/// The miner side (<c>tournament commit</c>): Commitments.set_commitment signed with the wallet's hotkey, the call bytes
/// equal to @polkadot/types', the pre-checks, and the commitment read back from the block that includes it (the node
/// applies the decoded extrinsic to its storage, as the runtime would).
/// </summary>
[Collection(SubstrateReferenceGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommitTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private static readonly string MetadataFile = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File);
    private readonly Random _rng = new(Random.Shared.Next());
    private ChainScenario _chain = null!;
    private TestWallet _miner = null!;

    public async Task InitializeAsync()
    {
        _chain = await ChainScenario.StartAsync();
        _miner = new TestWallet(_rng);
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        _miner.Delete();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(57)]
    [InlineData(128)]
    public async Task Commit_SubmitsSetCommitmentFromTheHotkey_AndReturnsItAsIncluded(int length)
    {
        Register();
        string data = RandomText(length);
        _chain.ApplyCommitments(reference);
        await using var chain = Chain();

        Commitment commitment = await chain.CommitAsync(_miner.Address, data, CancellationToken.None);

        Assert.Equal(new Commitment(_miner.Address, FakeChainState.IncludedNumber, 0, data), commitment);
        JsonObject decoded = Decode(Assert.Single(_chain.State.Submitted));
        Assert.Equal(("commitments", "setCommitment", _miner.Address), ((string)decoded["section"]!, (string)decoded["method"]!, (string)decoded["signer"]!));
        Assert.Equal(7, (int)decoded["nonce"]!);
        Assert.Equal(ChainScenario.Netuid, (int)decoded["args"]![0]!);
        Assert.Equal(Hex.Of(Encoding.UTF8.GetBytes(data)), (string)decoded["args"]![1]!["fields"]![0]![$"raw{length}"]!);
    }

    [Fact]
    public void SetCommitmentCall_EqualsPolkadotByteForByte()
    {
        RuntimeMetadata metadata = MetadataDecoder.Decode(MetadataFixtures.Bytes(MetadataFixtures.V14File));
        for (int i = 0; i < 8; i++)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(RandomText(_rng.Next(1, 129)));
            ushort netuid = (ushort)_rng.Next(0, 1024);
            byte[] ours = SubtensorChain.CommitmentCall(metadata, netuid, bytes);
            string theirs = (string)reference.Run(new { op = "call", metadata = MetadataFile, pallet = "commitments", call = "setCommitment", args = new object[] { netuid, new { fields = new object[] { new Dictionary<string, string> { [$"Raw{bytes.Length}"] = Hex.Of(bytes) } } } } })[0]!;
            Assert.Equal(theirs, Hex.Of(ours));
        }
    }

    [Fact]
    public async Task Commit_NotRegistered_RefusesWithTheReasonAndSendsNothing()
    {
        await using var chain = Chain();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => chain.CommitAsync(_miner.Address, "hf:a/b@c", CancellationToken.None));
        Assert.Equal($"Hotkey {_miner.Address} is not registered on subnet {ChainScenario.Netuid}; register it before committing.", ex.Message);
        Assert.Empty(_chain.State.Submitted);
    }

    [Fact]
    public async Task Commit_AnotherHotkey_RefusesBeforeTouchingTheChain()
    {
        string other = ChainScenario.Address(ChainScenario.RandomAccount(_rng));
        await using var chain = Chain();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => chain.CommitAsync(other, "hf:a/b@c", CancellationToken.None));
        Assert.Contains("can only be signed by its own hotkey", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_chain.Node.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    public async Task Commit_EmptyOrOver128Bytes_RefusesBeforeTouchingTheChain(int length)
    {
        await using var chain = Chain();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => chain.CommitAsync(_miner.Address, new string('x', length), CancellationToken.None));
        Assert.StartsWith($"A plain commitment holds 1 to 128 bytes; this one has {length}.", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_chain.Node.Requests);
    }

    [Fact]
    public async Task Commit_IncludedButAbsentFromTheBlock_IsUnavailable()
    {
        Register();
        await using var chain = Chain();
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => chain.CommitAsync(_miner.Address, "hf:a/b@c", CancellationToken.None));
        Assert.Contains($"is in block {FakeChainState.IncludedNumber} but the commitment is not in that block's state", ex.Message, StringComparison.Ordinal);
        Assert.Single(_chain.State.Submitted);
    }

    private SubtensorChain Chain() => new(_miner.Use(_chain.Options()), TimeProvider.System, NullLoggerFactory.Instance);

    private void Register() => _chain.Put(reference, "subtensorModule", "uids", [([ChainScenario.Netuid, _miner.Address], 1)]);

    private JsonObject Decode(string extrinsic) => reference.Run(new { op = "decodeExtrinsic", metadata = MetadataFile, data = extrinsic })[0]!.AsObject();

    /// <summary>Printable text whose UTF-8 form has exactly <paramref name="bytes"/> bytes (some of it multi-byte).</summary>
    private string RandomText(int bytes)
    {
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < bytes)
        {
            int left = bytes - Encoding.UTF8.GetByteCount(text.ToString());
            text.Append(left >= 2 && _rng.Next(4) == 0 ? 'é' : (char)_rng.Next('a', 'z' + 1));
        }

        return text.ToString();
    }
}

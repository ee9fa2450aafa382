using System.Security.Cryptography;
using System.Text;
using OneOf;
using OneOf.Types;
using Tournament.Abstractions;

namespace Tournament.Engine.Tests.Rounds.Fakes;

/// <summary>An in-memory chain: a settable head, commitments, a metagraph, and a record of weight calls.</summary>
internal sealed class FakeChain : IChain
{
    private int _nextUid;

    public ChainHead Head { get; private set; } = HeadAt(100);

    public List<Commitment> Commitments { get; } = [];

    public List<Neuron> Neurons { get; } = [];

    public List<WeightVector> WeightCalls { get; } = [];

    public Deferred? DeferWeights { get; set; }

    public static ChainHead HeadAt(long number, string salt = "") =>
        new(number, "0x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"block-{number}{salt}"))), DateTimeOffset.UnixEpoch.AddSeconds(number * 12));

    public void Advance(long blocks = 1) => Head = HeadAt(Head.Number + blocks);

    public void SetHead(ChainHead head) => Head = head;

    public int Register(string hotkey, int? uid = null)
    {
        var slot = uid ?? _nextUid++;
        Neurons.RemoveAll(n => n.Uid == slot);
        Neurons.Add(new Neuron(slot, hotkey, Head.Number));
        return slot;
    }

    public void Deregister(string hotkey) => Neurons.RemoveAll(n => n.Hotkey == hotkey);

    /// <summary>Registers the hotkey if needed and adds a commitment at the current head.</summary>
    public Commitment Commit(string hotkey, string data)
    {
        if (Neurons.All(n => n.Hotkey != hotkey))
        {
            Register(hotkey);
        }

        var commitment = new Commitment(hotkey, Head.Number, Commitments.Count(c => c.Block == Head.Number), data);
        Commitments.Add(commitment);
        return commitment;
    }

    public Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken) => Task.FromResult(Head);

    public Task<IReadOnlyList<Commitment>> GetCommitmentsAsync(long upToBlock, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Commitment>>([.. Commitments.Where(c => c.Block <= upToBlock)]);

    public Task<IReadOnlyList<Neuron>> GetNeuronsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Neuron>>([.. Neurons]);

    public Task<OneOf<Success, Deferred>> SetWeightsAsync(WeightVector weights, CancellationToken cancellationToken)
    {
        if (DeferWeights is { } deferred)
        {
            return Task.FromResult<OneOf<Success, Deferred>>(deferred);
        }

        WeightCalls.Add(weights);
        return Task.FromResult<OneOf<Success, Deferred>>(default(Success));
    }

    public Task<Commitment> CommitAsync(string hotkey, string data, CancellationToken cancellationToken) => Task.FromResult(Commit(hotkey, data));
}

using OneOf;
using OneOf.Types;

namespace Tournament.Abstractions;

/// <summary>
/// The chain: head block, commitments, metagraph and weights. The embedded default is a local ledger; a Subtensor
/// client implements the same contract.
/// </summary>
public interface IChain
{
    /// <summary>Reads the head block.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>Reads all commitments included up to and including <paramref name="upToBlock"/>, in chain order.</summary>
    /// <param name="upToBlock">The last block to include.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Commitment>> GetCommitmentsAsync(long upToBlock, CancellationToken cancellationToken);

    /// <summary>Reads the registered neurons (UID and hotkey) now.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Neuron>> GetNeuronsAsync(CancellationToken cancellationToken);

    /// <summary>Sets the validator's weights. An unreachable chain is <see cref="Deferred"/>.</summary>
    /// <param name="weights">Weights per hotkey.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<OneOf<Success, Deferred>> SetWeightsAsync(WeightVector weights, CancellationToken cancellationToken);

    /// <summary>Publishes a commitment for a hotkey (the miner's side; the local ledger registers unknown hotkeys).</summary>
    /// <param name="hotkey">The miner's hotkey.</param>
    /// <param name="data">The commitment string.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The commitment as included on chain.</returns>
    Task<Commitment> CommitAsync(string hotkey, string data, CancellationToken cancellationToken);
}

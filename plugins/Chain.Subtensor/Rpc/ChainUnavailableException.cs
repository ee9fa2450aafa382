namespace Tournament.Plugins.Chain.Subtensor.Rpc;

/// <summary>
/// The chain could not be read or written for an infrastructure reason: unreachable, slow, dropped, or an answer that
/// is malformed, truncated or oversized. Never a miner's fault; the engine retries the round.
/// </summary>
public sealed class ChainUnavailableException : Exception
{
    /// <summary>Creates the exception with a one-sentence message.</summary>
    /// <param name="message">What failed.</param>
    public ChainUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChainUnavailableException()
        : base("The Subtensor node is unavailable.")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ChainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Tournament.Engine.Rounds;

/// <summary>
/// The round could not finish for an infrastructure reason (the chain refused the weights, say). Nothing was committed;
/// running the round again is safe.
/// </summary>
public sealed class RoundInfrastructureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RoundInfrastructureException()
        : base("The round failed for an infrastructure reason; nothing was committed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence.</param>
    public RoundInfrastructureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence.</param>
    /// <param name="innerException">The cause.</param>
    public RoundInfrastructureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

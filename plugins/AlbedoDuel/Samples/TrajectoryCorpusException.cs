namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>A trajectory corpus problem the operator can fix (wrong manifest hash, missing or altered shard).</summary>
public sealed class TrajectoryCorpusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrajectoryCorpusException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TrajectoryCorpusException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrajectoryCorpusException()
    {
    }
}

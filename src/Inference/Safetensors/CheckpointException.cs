namespace Tournament.Inference.Safetensors;

/// <summary>A checkpoint folder is inconsistent (missing shard, bad index, duplicated tensor). The message names the file and the problem.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence naming the file and the fix.</param>
    public CheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence naming the file and the fix.</param>
    /// <param name="inner">The cause.</param>
    public CheckpointException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointException()
    {
    }
}

namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>Runtime metadata that is malformed, of an unsupported version, or lacks what the client needs.</summary>
public sealed class MetadataFormatException : FormatException
{
    /// <summary>Creates the exception with a one-sentence message.</summary>
    /// <param name="message">What was wrong.</param>
    public MetadataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MetadataFormatException()
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MetadataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Tournament.Plugins.Chain.Subtensor.Scale;

/// <summary>SCALE bytes that do not decode: truncated, non-canonical, over a bound, or of an unknown variant.</summary>
public sealed class ScaleFormatException : FormatException
{
    /// <summary>Creates the exception with a one-sentence message.</summary>
    /// <param name="message">What was wrong and where.</param>
    public ScaleFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ScaleFormatException()
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScaleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

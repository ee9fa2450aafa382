namespace Tournament.Cli;

/// <summary>
/// A mistake in what the user typed (a bad argument, a missing file): the CLI prints the message to standard error
/// and exits with code 2, without a stack trace.
/// </summary>
public sealed class UserInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UserInputException()
        : base("The input is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence naming the thing and the fix.</param>
    public UserInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence naming the thing and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public UserInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using Tournament.Cli;

namespace Tournament.Engine.Cli;

/// <summary>
/// Errors the user of the round commands caused: a <see cref="UserInputException"/>, which the CLI prints as one
/// sentence with exit code 2.
/// </summary>
internal static class RoundCommandErrors
{
    public static Exception Input(string message) => new UserInputException(message);
}

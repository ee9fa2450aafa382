namespace Tournament.Engine.Cli;

/// <summary>
/// Errors the user of the round commands caused. The CLI maps <see cref="ArgumentException"/> like any error (exit 1);
/// after the engine-core merge this should create its <c>UserInputException</c> (exit 2) instead.
/// </summary>
internal static class RoundCommandErrors
{
    public static Exception Input(string message) => new ArgumentException(message);
}

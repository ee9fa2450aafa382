using System.CommandLine;
using System.Text.Json;
using Tournament.Cli;

namespace Tournament.Fixtures.Duel;

/// <summary>A command module: <c>tournament fixture-echo --text T [--json]</c>, and a <c>plugins</c> clash.</summary>
public sealed class FixtureCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new Option<string>("--text") { Description = "What to echo.", Required = true };
        var json = CommandContext.JsonOption();
        var echo = new Command("fixture-echo", "Echo a text (test fixture).") { text, json };
        echo.SetAction((parse, _) =>
        {
            var value = parse.GetValue(text)!;
            if (value.Length == 0)
            {
                throw new UserInputException("--text is empty; give the text to echo.");
            }

            context.Console.WriteResult(parse.GetValue(json) ? JsonSerializer.Serialize(new { text = value, verbose = context.Verbose }) : value);
            return Task.FromResult(ExitCodes.Ok);
        });
        return [echo, new Command("plugins", "A clash with the host's own command (test fixture).")];
    }
}

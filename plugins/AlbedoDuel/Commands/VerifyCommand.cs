using System.CommandLine;
using Tournament.Cli;
using Tournament.Plugins.AlbedoDuel.Traces;

namespace Tournament.Plugins.AlbedoDuel.Commands;

/// <summary>
/// <c>tournament duel verify --traces DIR</c>: recomputes a duel's verdict from its published traces alone
/// (<see cref="TraceVerifier"/>) and compares it with <c>verdict.json</c> bit for bit. Exit 0 when they agree, 1 with
/// one sentence when they do not, 2 when the folder is not a readable set of traces.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CommandContext context)
    {
        Option<string> traces = new("--traces") { Description = "A duel's trace folder (responses_*.jsonl, judge_raw.jsonl, duel.json, verdict.json)", Required = true };
        Command command = new("verify", "Recompute a duel's verdict from its published traces and check it against verdict.json.") { traces };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(traces)!;
            TraceSet set;
            try
            {
                set = TraceSet.Read(folder);
            }
            catch (TraceFormatException ex)
            {
                throw new UserInputException(CliText.Printable(ex.Message), ex);
            }

            VerifyResult result;
            try
            {
                result = await TraceVerifier.VerifyAsync(set, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TraceFormatException or FormatException or ArgumentException)
            {
                throw new UserInputException(CliText.Printable($"The traces in {folder} cannot be replayed: {ex.Message}"), ex);
            }

            (result.Agrees ? context.Output : context.Error).WriteLine(CliText.Printable(result.Sentence));
            return result.Agrees ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }
}

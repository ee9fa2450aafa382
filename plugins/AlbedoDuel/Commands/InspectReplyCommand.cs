using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tournament.Cli;
using Tournament.Plugins.AlbedoDuel.Cleaning;

namespace Tournament.Plugins.AlbedoDuel.Commands;

/// <summary>
/// <c>tournament duel inspect-reply --file F [--json]</c>: the reply as the judges would see it (injection stripping,
/// unclosed <c>&lt;think&gt;</c> removal) and its loop verdict, so a miner can see why a sample was zeroed.
/// </summary>
internal static class InspectReplyCommand
{
    /// <summary>The largest reply file accepted (a generated reply is at most a few thousand tokens).</summary>
    public const long MaxReplyBytes = 4L << 20;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(CommandContext context)
    {
        Option<string> file = new("--file") { Description = "A UTF-8 file holding one generated reply", Required = true };
        var json = CommandContext.JsonOption();
        Command command = new("inspect-reply", "Show a reply after injection stripping and its loop verdict (why a sample scores zero).") { file, json };
        command.SetAction((parse, _) =>
        {
            var reply = InputFile.ReadText(parse.GetValue(file)!, "--file", MaxReplyBytes);
            var report = Inspect(reply);
            context.Output.Write(parse.GetValue(json) ? JsonSerializer.Serialize(report, Json) + "\n" : Plain(report));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>Screens a reply as the duel does (not truncated: the file carries no generation status).</summary>
    public static ReplyInspection Inspect(string reply)
    {
        var screened = ReplyScreen.Screen(reply, truncated: false, ReplyScreen.DefaultReservedTokens);
        var stripped = screened.Stripped;
        return new ReplyInspection(
            stripped.Text,
            screened.Loop.Looped,
            screened.Loop.Commands,
            screened.Loop.DuplicateRatio,
            screened.Loop.MaxRepeatRun,
            FaultName(screened.Fault),
            stripped.Cut,
            stripped.RemovedObjects,
            stripped.Blanked,
            stripped.ThinkRemoved);
    }

    private static string FaultName(ReplyFault fault) => fault switch
    {
        ReplyFault.None => "none",
        ReplyFault.Looped => "looped",
        ReplyFault.Truncated => "truncated",
        ReplyFault.ReservedToken => "reserved-token",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown reply fault."),
    };

    // Every line of reply text goes through CliText: a reply may carry terminal escapes.
    private static string Plain(ReplyInspection report)
    {
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"looped: {(report.Looped ? "yes" : "no")} (duplicate ratio {report.DuplicateRatio:0.###}, longest repeat {report.MaxRepeatRun}, {report.Commands.Count} commands)\n");
        text.Append(c, $"fault: {report.Fault} (a fault loses every metric of the sample without a judge call)\n");
        for (var i = 0; i < report.Commands.Count; i++)
        {
            text.Append(c, $"command {i + 1}: {CliText.Printable(report.Commands[i])}\n");
        }

        text.Append(c, $"stripping: cut {(report.Cut ? "yes" : "no")}, removed objects {report.RemovedObjects}, blanked {(report.Blanked ? "yes" : "no")}, unclosed think removed {(report.ThinkRemoved ? "yes" : "no")}\n");
        text.Append("stripped:\n");
        if (report.Stripped.Length > 0)
        {
            text.Append(CliText.PrintableLines(report.Stripped)).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>What <c>duel inspect-reply</c> reports (its JSON in snake_case).</summary>
/// <param name="Stripped">The reply as judges see it.</param>
/// <param name="Looped">The loop verdict.</param>
/// <param name="Commands">The whitespace-normalised bash commands, in order.</param>
/// <param name="DuplicateRatio"><c>1 − unique/total</c>.</param>
/// <param name="MaxRepeatRun">The longest back-to-back repeat of one command.</param>
/// <param name="Fault"><c>none</c>, <c>looped</c> or <c>reserved-token</c>.</param>
/// <param name="Cut">A breakout was cut off.</param>
/// <param name="RemovedObjects">Verdict-shaped objects removed.</param>
/// <param name="Blanked">The reply was blanked.</param>
/// <param name="ThinkRemoved">An unclosed think block was removed.</param>
internal sealed record ReplyInspection(
    string Stripped,
    bool Looped,
    IReadOnlyList<string> Commands,
    double DuplicateRatio,
    int MaxRepeatRun,
    string Fault,
    bool Cut,
    int RemovedObjects,
    bool Blanked,
    bool ThinkRemoved);

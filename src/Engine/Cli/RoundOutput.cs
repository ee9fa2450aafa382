using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tournament.Abstractions;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Cli;

/// <summary>Renders round command results as Spectre tables or JSON.</summary>
internal static class RoundOutput
{
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, RoundReport.JsonOptions);

    public static void WriteRound(IAnsiConsole console, RoundResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Summary;
        console.MarkupLine($"[bold]Round[/] {Esc(s.Mode)} @ block {s.Block} [grey]{Esc(s.BlockHash)}[/]{(result.AlreadyCommitted ? " [yellow](already committed; nothing changed)[/]" : "")}");
        var table = new Table().AddColumns("hotkey", "uid", "model", "status", "score", "reason", "king");
        foreach (var o in result.Outcomes)
        {
            table.AddRow(Esc(o.Hotkey), o.Uid?.ToString(CultureInfo.InvariantCulture) ?? "-", Esc(ShortModel(o.Model)), StatusMarkup(o.Status), Number(o.Score), Esc(o.Reason ?? ""), o.IsKing ? "♔" : "");
        }

        console.Write(table);
        WriteStandingsTable(console, RoundReport.StandingsOf(result.Standings));
        console.MarkupLine($"[bold]King:[/] {Esc(s.King?.ToString() ?? "none")}{(result.KingGone ? " [red](previous king gone)[/]" : "")}");
        console.MarkupLine($"[grey]{Esc(s.Explanation)}[/]");
        console.MarkupLine(result.Weights is null
            ? "[bold]Weights:[/] [grey](set when the round first ran)[/]"
            : $"[bold]Weights:[/] {Esc(result.Weights.ByHotkey.Count == 0 ? "none" : string.Join(", ", result.Weights.ByHotkey.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={Number(w.Value)}")))}");
        foreach (var location in result.Published)
        {
            console.MarkupLine($"[grey]published {Esc(location.Uri)}[/]");
        }
    }

    public static void WriteStandings(IAnsiConsole console, StandingsView view)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(view);
        console.MarkupLine($"[bold]Standings[/] of {Esc(view.Mode)}");
        WriteStandingsTable(console, view.Standings);
        console.MarkupLine($"[bold]King:[/] {Esc(view.King is null ? "none" : $"{view.King.Key} since block {view.King.SinceBlock}")}");
        console.MarkupLine(view.LastRound is { } last
            ? $"[bold]Last round:[/] block {last.Block} [grey]{Esc(last.BlockHash)}[/] at {last.CompletedAt:u}: {Esc(last.Explanation)}"
            : "[bold]Last round:[/] none yet");
        console.MarkupLine($"[grey]{view.Disqualified} disqualified submission(s).[/]");
    }

    public static void WriteCommit(IAnsiConsole console, CommitResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().AddColumns("hotkey", "block", "model");
        table.AddRow(Esc(result.Hotkey), result.Block.ToString(CultureInfo.InvariantCulture), Esc(result.Model));
        console.Write(table);
    }

    /// <summary>The standings with one extra column per metric the king rule recorded (for the EMA rule: ema, kl, prompts).</summary>
    private static void WriteStandingsTable(IAnsiConsole console, IReadOnlyList<ReportStanding> standings)
    {
        var metricNames = standings.SelectMany(e => e.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table().AddColumns("hotkey", "uid", "model", "score");
        table.AddColumns([.. metricNames.Select(Esc)]);
        table.AddColumns("rounds", "last block");
        foreach (var e in standings)
        {
            List<string> cells = [Esc(e.Hotkey), e.Uid.ToString(CultureInfo.InvariantCulture), Esc(ShortModel(e.Model)), Number(e.Score)];
            cells.AddRange(metricNames.Select(m => e.Metrics.TryGetValue(m, out var v) ? Number(v) : "-"));
            cells.Add(e.RoundsScored.ToString(CultureInfo.InvariantCulture));
            cells.Add(e.LastScoredBlock?.ToString(CultureInfo.InvariantCulture) ?? "-");
            table.AddRow([.. cells]);
        }

        console.Write(table);
    }

    private static string StatusMarkup(string status) => status switch
    {
        CandidateStatus.Scored => "[green]scored[/]",
        CandidateStatus.Disqualified => "[red]disqualified[/]",
        CandidateStatus.Deferred => "[yellow]deferred[/]",
        _ => Esc(status),
    };

    /// <summary>owner/name@revision with the revision cut to 12 characters for tables (JSON output keeps it whole).</summary>
    internal static string ShortModel(string? model)
    {
        if (model is null)
        {
            return "-";
        }

        var at = model.LastIndexOf('@');
        return at > 0 && model.Length - at - 1 > 12 ? model[..(at + 13)] + "…" : model;
    }

    private static string Number(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-";

    private static string Esc(string text) => Markup.Escape(text);
}

using Microsoft.Data.Sqlite;
using Tournament.Abstractions;
using Tournament.Engine.Rounds;
using Tournament.Engine.State;

namespace Tournament.Engine.Serve;

/// <summary>Builds the API's views from the committed state, each in one read snapshot.</summary>
internal sealed class ServeQueries(ServeState state, ServeSettings settings)
{
    /// <summary>At most this many per-prompt values in one round response.</summary>
    public const int MaxPromptValues = 20_000;

    private const int KingHistoryShown = 50;

    private volatile KnownModes? _modes;

    /// <summary>What is served.</summary>
    public ServeSettings Settings => settings;

    public Task<RoundSummary?> FindRoundAsync(string mode, string blockHash, CancellationToken ct) =>
        state.ReadAsync((c, t) => StateReader.FindRoundAsync(c, t, mode, blockHash, ct), ct);

    public Task<long> VersionAsync(CancellationToken ct) =>
        state.ReadAsync((c, t) => StateReader.ReadVersionAsync(c, t, ct), ct);

    public Task<ModesView> ModesAsync(CancellationToken ct) =>
        state.ReadAsync(
            async (c, t) =>
            {
                var modes = await StateReader.ReadModesAsync(c, t, ct).ConfigureAwait(false);
                var views = modes.Select(m => new ModeView(m.Mode, m.Mode == settings.ActiveMode, m.Rounds, m.LastBlock)).ToList();
                if (views.All(v => !v.Active))
                {
                    views.Insert(0, new ModeView(settings.ActiveMode, true, 0, null));
                }

                return new ModesView(settings.ActiveMode, views);
            },
            ct);

    /// <summary>True when the mode is the configured one or has committed rounds; the list is read again only when the state version moved.</summary>
    public async Task<bool> ModeExistsAsync(string mode, long version, CancellationToken ct)
    {
        if (mode == settings.ActiveMode)
        {
            return true;
        }

        var known = _modes;
        if (known is null || known.Version != version)
        {
            var modes = await ModesAsync(ct).ConfigureAwait(false);
            known = new KnownModes(version, modes.Modes.Select(m => m.Name).ToHashSet(StringComparer.Ordinal));
            _modes = known;
        }

        return known.Names.Contains(mode);
    }

    public Task<KingView> KingAsync(string mode, CancellationToken ct) =>
        state.ReadAsync(
            async (c, t) =>
            {
                var king = await StateReader.ReadKingAsync(c, t, mode, ct).ConfigureAwait(false);
                var last = (await StateReader.ReadRoundsAsync(c, t, mode, 1, ct).ConfigureAwait(false)).FirstOrDefault();
                var weights = last is null ? new WeightVector(new Dictionary<string, double>())
                    : await StateReader.ReadWeightsAsync(c, t, mode, last.BlockHash, ct).ConfigureAwait(false);
                var history = await StateReader.ReadKingHistoryAsync(c, t, mode, ct).ConfigureAwait(false);
                var latest = history.AsEnumerable().Reverse().Take(KingHistoryShown).Select(h => new KingChangeView(h.King, h.SinceBlock, h.Reason, h.RoundBlockHash));
                return new KingView(mode, king, last, weights.ByHotkey, [.. latest]);
            },
            ct);

    public Task<PageView<StandingView>> StandingsAsync(string mode, int offset, int limit, CancellationToken ct) =>
        state.ReadAsync(
            async (c, t) =>
            {
                var counts = await StateReader.ReadCountsAsync(c, t, mode, ct).ConfigureAwait(false);
                var king = await StateReader.ReadKingAsync(c, t, mode, ct).ConfigureAwait(false);
                var rows = await StateReader.ReadStandingsAsync(c, t, mode, offset, limit, ct).ConfigureAwait(false);
                return new PageView<StandingView>(counts.Standings, offset, limit, [.. rows.Select((e, i) => Standing(e, offset + i, king))]);
            },
            ct);

    public Task<PageView<RoundSummary>> RoundsAsync(string mode, int offset, int limit, CancellationToken ct) =>
        PageAsync(mode, offset, limit, n => n.Rounds, (c, t) => StateReader.ReadRoundsAsync(c, t, mode, limit, ct, offset), ct);

    public Task<PageView<DisqualificationRecord>> DisqualificationsAsync(string mode, int offset, int limit, CancellationToken ct) =>
        PageAsync(mode, offset, limit, n => n.Disqualifications, (c, t) => StateReader.ReadDisqualificationsAsync(c, t, mode, offset, limit, ct), ct);

    public Task<RoundDetailView?> RoundAsync(string mode, string blockHash, bool prompts, CancellationToken ct) =>
        state.ReadAsync(
            async (c, t) =>
            {
                var round = await StateReader.FindRoundAsync(c, t, mode, blockHash, ct).ConfigureAwait(false);
                if (round is null)
                {
                    return null;
                }

                var scores = await StateReader.ReadScoresAsync(c, t, mode, round.BlockHash, ct).ConfigureAwait(false);
                var weights = await StateReader.ReadWeightsAsync(c, t, mode, round.BlockHash, ct).ConfigureAwait(false);
                var dqs = await StateReader.ReadRoundDisqualificationsAsync(c, t, mode, round.BlockHash, ct).ConfigureAwait(false);
                var passes = await StateReader.ReadRoundPassesAsync(c, t, mode, round.BlockHash, ct).ConfigureAwait(false);
                var timings = await StateReader.ReadRoundTimingsAsync(c, t, mode, round.BlockHash, ct).ConfigureAwait(false);
                var budget = prompts ? MaxPromptValues : 0;
                var truncated = false;
                var outcomes = new List<OutcomeView>(scores.Count);
                foreach (var s in scores)
                {
                    var valid = s.PerPrompt.Where(p => !double.IsNaN(p.Value)).Select(p => p.Value).ToList();
                    IReadOnlyList<PromptScore>? shown = null;
                    if (prompts)
                    {
                        shown = [.. s.PerPrompt.Take(budget)];
                        truncated |= shown.Count < s.PerPrompt.Count;
                        budget -= shown.Count;
                    }

                    outcomes.Add(new OutcomeView(s.Key.Hotkey, s.Key.CommitBlock, s.Status, s.Score, s.Reason, s.PerPrompt.Count, valid.Count > 0 ? valid.Average() : null, shown));
                }

                return new RoundDetailView(round, outcomes, weights.ByHotkey, dqs, passes, ServeArtifacts.Links(settings, round), truncated, timings);
            },
            ct);

    public Task<SubmissionView?> SubmissionAsync(string mode, SubmissionKey key, int rounds, CancellationToken ct) =>
        state.ReadAsync(
            async (c, t) =>
            {
                var submission = await StateReader.FindSubmissionAsync(c, t, mode, key, ct).ConfigureAwait(false);
                if (submission is null)
                {
                    return null;
                }

                var king = await StateReader.ReadKingAsync(c, t, mode, ct).ConfigureAwait(false);
                var standing = await StandingOfAsync(c, t, mode, key, king, ct).ConfigureAwait(false);
                var history = await StateReader.ReadSubmissionRoundsAsync(c, t, mode, key, rounds, ct).ConfigureAwait(false);
                return new SubmissionView(
                    key,
                    submission.Model.ToString(),
                    standing,
                    await StateReader.ReadPassedChecksAsync(c, t, mode, key, ct).ConfigureAwait(false),
                    await StateReader.FindDisqualificationAsync(c, t, mode, key, ct).ConfigureAwait(false),
                    [.. history.Select(h => new SubmissionRoundView(h.Block, h.BlockHash, h.Status, h.Score, h.Reason, h.StandingScore))]);
            },
            ct);

    public Task<ChartView> ChartAsync(string mode, int rounds, int top, CancellationToken ct) =>
        state.ReadAsync(
            async (c, t) =>
            {
                var blocks = (await StateReader.ReadRoundsAsync(c, t, mode, rounds, ct).ConfigureAwait(false)).Select(r => r.Block).Reverse().Distinct().ToList();
                var points = await StateReader.ReadScoreSeriesAsync(c, t, mode, rounds, top, ct).ConfigureAwait(false);
                var index = blocks.Select((b, i) => (b, i)).ToDictionary(p => p.b, p => p.i);
                var series = points.GroupBy(p => p.Key).Select(g =>
                {
                    var scores = new double?[blocks.Count];
                    foreach (var p in g)
                    {
                        scores[index[p.Block]] = p.Score;
                    }

                    return new ChartSeries(g.Key.Hotkey, g.Key.CommitBlock, scores);
                });
                return new ChartView(blocks, [.. series]);
            },
            ct);

    private Task<PageView<T>> PageAsync<T>(
        string mode, int offset, int limit, Func<ModeCounts, long> total, Func<SqliteConnection, SqliteTransaction, Task<List<T>>> rows, CancellationToken ct) =>
        state.ReadAsync(
            async (c, t) =>
            {
                var counts = await StateReader.ReadCountsAsync(c, t, mode, ct).ConfigureAwait(false);
                return new PageView<T>(total(counts), offset, limit, await rows(c, t).ConfigureAwait(false));
            },
            ct);

    /// <summary>One submission's standing, read through the position index (one row, not the whole table).</summary>
    internal static async Task<StandingView?> StandingOfAsync(SqliteConnection c, SqliteTransaction t, string mode, SubmissionKey key, KingRecord? king, CancellationToken ct)
    {
        if (await StateReader.FindStandingPositionAsync(c, t, mode, key, ct).ConfigureAwait(false) is not { } position)
        {
            return null;
        }

        var rows = await StateReader.ReadStandingsAsync(c, t, mode, position, 1, ct).ConfigureAwait(false);
        return rows.Count == 1 && rows[0].Key == key ? Standing(rows[0], position, king) : null;
    }

    private static StandingView Standing(StandingEntry e, int position, KingRecord? king) =>
        new(position, e.Submission.Hotkey, e.Submission.CommitBlock, e.Submission.Uid, e.Submission.Model.ToString(), e.Score, e.RoundsScored, e.LastScoredBlock,
            new SortedDictionary<string, double>(e.Metrics.ToDictionary(), StringComparer.Ordinal), king?.Key == e.Key);

    private sealed record KnownModes(long Version, HashSet<string> Names);
}

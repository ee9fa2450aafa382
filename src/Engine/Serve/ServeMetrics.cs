using Prometheus;
using Tournament.Engine.State;

namespace Tournament.Engine.Serve;

/// <summary>
/// The <c>/metrics</c> collectors of one server (its own registry, so two servers in a process never share series).
/// Tournament figures are derived from the committed state at each scrape, so they are right whichever process runs
/// the rounds; the serve process adds its own state-read and chain-probe timings. See docs/serve.md, "Metrics".
/// </summary>
internal sealed class ServeMetrics
{
    private readonly Gauge _rounds;
    private readonly Gauge _lastBlock;
    private readonly Gauge _lastCompleted;
    private readonly Gauge _standings;
    private readonly Gauge _outcomes;
    private readonly Gauge _disqualifications;
    private readonly Gauge _checkPasses;
    private readonly Gauge _kingChanges;
    private readonly Gauge _kingScore;
    private readonly Gauge _kingMetric;
    private readonly Gauge _timingSeconds;
    private readonly Gauge _timingCalls;
    private readonly Gauge _timingRounds;
    private readonly Gauge _lastTiming;
    private readonly Histogram _stateReads;
    private readonly Counter _stateReadFailures;
    private readonly Histogram _chainCalls;
    private readonly Counter _chainFailures;
    private readonly Gauge _chainHead;

    public ServeMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        string[] mode = ["mode"];
        _rounds = factory.CreateGauge("tournament_rounds", "Committed rounds.", mode);
        _lastBlock = factory.CreateGauge("tournament_last_round_block", "Block of the latest committed round.", mode);
        _lastCompleted = factory.CreateGauge("tournament_last_round_completed_timestamp_seconds", "When the latest round committed (Unix seconds).", mode);
        _standings = factory.CreateGauge("tournament_standings", "Submissions in the standings.", mode);
        _outcomes = factory.CreateGauge("tournament_candidate_outcomes", "Candidate results over all committed rounds, by status.", "mode", "status");
        _disqualifications = factory.CreateGauge("tournament_disqualifications", "Disqualified submissions, by reason code.", "mode", "reason");
        _checkPasses = factory.CreateGauge("tournament_check_passes", "Submissions that passed a check once, by check.", "mode", "check");
        _kingChanges = factory.CreateGauge("tournament_king_changes", "Changes of king (including the first crowning).", mode);
        _kingScore = factory.CreateGauge("tournament_king_score", "The king's standing score.", mode);
        _kingMetric = factory.CreateGauge("tournament_king_metric", "The scorer's named numbers in the king's standing (timings, sizes).", "mode", "metric");
        string[] timing = ["mode", "kind", "name"];
        _timingSeconds = factory.CreateGauge("tournament_round_timing_seconds", "Seconds spent over all committed rounds, by kind (step, component, task, scorer) and name; divide by tournament_round_timing_rounds for the mean per round.", timing);
        _timingCalls = factory.CreateGauge("tournament_round_timing_calls", "Calls or runs over all committed rounds, by kind and name.", timing);
        _timingRounds = factory.CreateGauge("tournament_round_timing_rounds", "Committed rounds that recorded the timing.", timing);
        _lastTiming = factory.CreateGauge("tournament_last_round_timing_seconds", "Seconds in the latest committed round, by kind and name.", timing);
        var fast = new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 18) };
        _stateReads = factory.CreateHistogram("tournament_serve_state_read_duration_seconds", "Duration of one read snapshot of the state by this server.", fast);
        _stateReadFailures = factory.CreateCounter("tournament_serve_state_read_failures_total", "State reads that failed (missing, unreadable, wrong schema).");
        _chainCalls = factory.CreateHistogram("tournament_chain_call_duration_seconds", "Duration of chain calls made by this process.", new HistogramConfiguration
        {
            LabelNames = ["operation"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });
        _chainFailures = factory.CreateCounter("tournament_chain_call_failures_total", "Chain calls that failed or timed out.", "operation");
        _chainHead = factory.CreateGauge("tournament_chain_head_block", "The chain head block last seen by /readyz.");
    }

    /// <summary>The registry <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    public void StateRead(TimeSpan duration) => _stateReads.Observe(duration.TotalSeconds);

    public void StateReadFailed() => _stateReadFailures.Inc();

    public void ChainCall(string operation, TimeSpan duration, bool ok, long? head)
    {
        _chainCalls.WithLabels(operation).Observe(duration.TotalSeconds);
        if (!ok)
        {
            _chainFailures.WithLabels(operation).Inc();
        }

        if (head is { } block)
        {
            _chainHead.Set(block);
        }
    }

    /// <summary>Refreshes the state-derived gauges (called before each scrape).</summary>
    public async Task RefreshAsync(ServeState state, CancellationToken cancellationToken)
    {
        if (!File.Exists(state.Path))
        {
            return;
        }

        await state.ReadAsync(
            async (c, t) =>
            {
                foreach (var m in await StateReader.ReadModesAsync(c, t, cancellationToken).ConfigureAwait(false))
                {
                    await RefreshModeAsync(c, t, m, cancellationToken).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task RefreshModeAsync(Microsoft.Data.Sqlite.SqliteConnection c, Microsoft.Data.Sqlite.SqliteTransaction t, ModeSummary m, CancellationToken ct)
    {
        var mode = m.Mode;
        _rounds.WithLabels(mode).Set(m.Rounds);
        _lastBlock.WithLabels(mode).Set(m.LastBlock);
        if ((await StateReader.ReadRoundsAsync(c, t, mode, 1, ct).ConfigureAwait(false)).FirstOrDefault() is { } last)
        {
            _lastCompleted.WithLabels(mode).Set(last.CompletedAt.ToUnixTimeMilliseconds() / 1000.0);
        }

        _standings.WithLabels(mode).Set((await StateReader.ReadCountsAsync(c, t, mode, ct).ConfigureAwait(false)).Standings);
        foreach (var (kind, label, count) in await StateReader.ReadTalliesAsync(c, t, mode, ct).ConfigureAwait(false))
        {
            var gauge = kind switch
            {
                "outcome" => _outcomes.WithLabels(mode, label),
                "disqualification" => _disqualifications.WithLabels(mode, label),
                "check_pass" => _checkPasses.WithLabels(mode, label),
                _ => _kingChanges.WithLabels(mode),
            };
            gauge.Set(count);
        }

        var king = await StateReader.ReadKingAsync(c, t, mode, ct).ConfigureAwait(false);
        var top = king is null ? null : await ServeQueries.StandingOfAsync(c, t, mode, king.Key, king, ct).ConfigureAwait(false);
        if (top is not null)
        {
            if (top.Score is { } score)
            {
                _kingScore.WithLabels(mode).Set(score);
            }

            foreach (var (name, value) in top.Metrics)
            {
                _kingMetric.WithLabels(mode, name).Set(value);
            }
        }

        foreach (var timing in await StateReader.ReadTimingTotalsAsync(c, t, mode, ct).ConfigureAwait(false))
        {
            _timingSeconds.WithLabels(mode, timing.Kind, timing.Name).Set(timing.Seconds);
            _timingCalls.WithLabels(mode, timing.Kind, timing.Name).Set(timing.Calls);
            _timingRounds.WithLabels(mode, timing.Kind, timing.Name).Set(timing.Rounds);
            if (timing.LastRoundSeconds is { } latest)
            {
                _lastTiming.WithLabels(mode, timing.Kind, timing.Name).Set(latest);
            }
            else
            {
                _lastTiming.RemoveLabelled(mode, timing.Kind, timing.Name);
            }
        }
    }
}

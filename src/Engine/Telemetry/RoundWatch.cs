using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Telemetry;

/// <summary>
/// Measures one round while it runs: the steps the round runner marks (<see cref="Lap"/>), every call to the mode's
/// components (through timed wrappers, <see cref="Composition"/>), the progress tasks components report and the
/// timings the scorer reports itself. Live values go to <see cref="EngineMetrics"/> as they happen; the sums up to
/// the commit are committed with the round (<see cref="Timings"/>), so <c>serve</c> shows them after any restart.
/// </summary>
internal sealed class RoundWatch
{
    public const string StepKind = "step";
    public const string ComponentKind = "component";
    public const string TaskKind = "task";
    public const string ScorerKind = "scorer";

    /// <summary>At most this many distinct timings per round; further names are summed into <c>other</c>.</summary>
    public const int MaxTimings = 64;

    private readonly Lock _gate = new();
    private readonly List<(string Kind, string Name)> _order = [];
    private readonly Dictionary<(string Kind, string Name), (double Seconds, int Calls)> _sums = [];
    private readonly TimeProvider _time;
    private readonly EngineMetrics? _metrics;
    private readonly string _mode;
    private readonly long _started;
    private long _lap;

    public RoundWatch(ModeComposition composition, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(composition);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _metrics = composition.Metrics;
        _mode = composition.Mode;
        _started = _lap = time.GetTimestamp();
        var timer = new CallTimer(_metrics, time, (call, seconds) => Add(ComponentKind, call.Timing, seconds));
        Composition = Instrument(composition, timer);
    }

    /// <summary>The round's components, each call timed.</summary>
    public ModeComposition Composition { get; }

    /// <summary>The round's timings so far, in the order they first occurred.</summary>
    public IReadOnlyList<RoundTiming> Timings
    {
        get
        {
            lock (_gate)
            {
                return [.. _order.Select(k => new RoundTiming(k.Kind, k.Name, _sums[k].Seconds, _sums[k].Calls))];
            }
        }
    }

    /// <summary>Wraps the round's progress reporter so that every task it starts is timed.</summary>
    public IProgressReporter Watch(IProgressReporter progress) =>
        new TimedProgress(progress, _time, (task, seconds) =>
        {
            _metrics?.Task(_mode, task, seconds);
            Add(TaskKind, task, seconds);
        });

    /// <summary>Ends a step: the time since the previous step ended (or the round started).</summary>
    public void Lap(string step)
    {
        var now = _time.GetTimestamp();
        var seconds = _time.GetElapsedTime(_lap, now).TotalSeconds;
        _lap = now;
        _metrics?.Step(_mode, step, seconds);
        Add(StepKind, step, seconds);
    }

    /// <summary>The round committed: its duration and its candidates' outcomes go to the metrics.</summary>
    public void Completed(RoundResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_metrics is null)
        {
            return;
        }

        _metrics.Round(_mode, result.AlreadyCommitted ? "already-committed" : "committed", _time.GetElapsedTime(_started).TotalSeconds);
        foreach (var outcome in result.Outcomes)
        {
            _metrics.Candidate(_mode, outcome.Status);
        }
    }

    private void Add(string kind, string name, double seconds)
    {
        lock (_gate)
        {
            var key = (kind, name);
            if (!_sums.ContainsKey(key) && _order.Count >= MaxTimings - 1)
            {
                key = (kind, "other");
            }

            if (_sums.TryGetValue(key, out var sum))
            {
                _sums[key] = (sum.Seconds + seconds, sum.Calls + 1);
            }
            else
            {
                _order.Add(key);
                _sums[key] = (seconds, 1);
            }
        }
    }

    private ModeComposition Instrument(ModeComposition c, CallTimer timer)
    {
        NamedComponent<IStorageBackend> Storage(NamedComponent<IStorageBackend> s) => new(s.Name, new MeteredStorage(s.Component, s.Name, timer));
        return c with
        {
            Chain = new(c.Chain.Name, new MeteredChain(c.Chain.Component, c.Chain.Name, timer)),
            Storage = [.. c.Storage.Select(Storage)],
            Artifacts = c.Artifacts is { } a ? Storage(a) : null,
            PromptSource = new(c.PromptSource.Name, new MeteredPromptSource(c.PromptSource.Component, c.PromptSource.Name, timer)),
            Scorer = new(c.Scorer.Name, new MeteredScorer(c.Scorer.Component, c.Scorer.Name, timer, (metric, seconds) => Add(ScorerKind, metric, seconds))),
            KingRule = new(c.KingRule.Name, new MeteredKingRule(c.KingRule.Component, c.KingRule.Name, timer)),
            Checks = [.. c.Checks.Select(k => new NamedComponent<IAntiCheatCheck>(k.Name, new MeteredCheck(k.Component, k.Name, timer, _metrics)))],
            WeightPolicy = c.WeightPolicy is { } p ? new(p.Name, new MeteredWeightPolicy(p.Component, p.Name, timer)) : null,
        };
    }
}

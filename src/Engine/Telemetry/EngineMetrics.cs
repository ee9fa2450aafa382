using System.Diagnostics.Metrics;

namespace Tournament.Engine.Telemetry;

/// <summary>
/// The engine's <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>tournament</c>), one set per engine host
/// (it outlives plugin reloads). <c>tournament run --metrics-urls</c> exports them in Prometheus format; see
/// docs/serve.md, "Metrics from run". Tags are bounded: modes, configured component names, step and task names, reason codes.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    /// <summary>The meter's name: the Prometheus series are <c>tournament_…</c>.</summary>
    public const string MeterName = "tournament";

    /// <summary>Seconds: 1 ms to ~70 min, doubling.</summary>
    public static IReadOnlyList<double> Buckets { get; } = [.. Enumerable.Range(0, 23).Select(i => 0.001 * Math.Pow(2, i))];

    private readonly Histogram<double> _rounds;
    private readonly Counter<long> _roundCount;
    private readonly Histogram<double> _steps;
    private readonly Histogram<double> _tasks;
    private readonly Histogram<double> _calls;
    private readonly Counter<long> _callFailures;
    private readonly Counter<long> _candidates;
    private readonly Counter<long> _checks;

    public EngineMetrics()
    {
        Meter = new Meter(MeterName, typeof(EngineMetrics).Assembly.GetName().Version?.ToString());
        _rounds = Meter.CreateHistogram<double>("round.duration.seconds", "s", "Wall time of one round, by result (committed, already-committed, failed).");
        _roundCount = Meter.CreateCounter<long>("rounds.total", null, "Rounds run by this process, by result.");
        _steps = Meter.CreateHistogram<double>("round.step.duration.seconds", "s", "Wall time of one step of a round (head, state-load, submissions, evaluate, weights, commit, artifacts).");
        _tasks = Meter.CreateHistogram<double>("progress.task.duration.seconds", "s", "Wall time of one progress task a component reported (teacher, students, checks, …).");
        _calls = Meter.CreateHistogram<double>("component.call.duration.seconds", "s", "Wall time of one call to a component (chain, storage, check, prompt source, scorer, king rule, weight policy, judge), by outcome.");
        _callFailures = Meter.CreateCounter<long>("component.call.failures.total", null, "Component calls that threw or reported an infrastructure failure (deferred, judge failure).");
        _candidates = Meter.CreateCounter<long>("round.candidates.total", null, "Candidate outcomes of committed rounds, by status (scored, failed, disqualified, deferred).");
        _checks = Meter.CreateCounter<long>("check.results.total", null, "Check results, by check, result (passed, disqualified, deferred, error) and reason code.");
    }

    /// <summary>The meter (exporters filter on this instance, so two hosts in one process never mix).</summary>
    public Meter Meter { get; }

    public void Round(string mode, string result, double seconds)
    {
        _rounds.Record(seconds, new("mode", mode), new("result", result));
        _roundCount.Add(1, new("mode", mode), new("result", result));
    }

    public void Step(string mode, string step, double seconds) => _steps.Record(seconds, new("mode", mode), new("step", step));

    public void Task(string mode, string task, double seconds) => _tasks.Record(seconds, new("mode", mode), new("task", task));

    public void Call(ComponentCall call, string outcome, double seconds)
    {
        ArgumentNullException.ThrowIfNull(call);
        _calls.Record(seconds, new("contract", call.Contract), new("component", call.Component), new("operation", call.Operation), new("outcome", outcome));
        if (CallOutcomes.IsFailure(outcome))
        {
            _callFailures.Add(1, new("contract", call.Contract), new("component", call.Component), new("operation", call.Operation));
        }
    }

    public void Candidate(string mode, string status) => _candidates.Add(1, new("mode", mode), new("status", status));

    public void Check(string mode, string check, string result, string reason) =>
        _checks.Add(1, new("mode", mode), new("check", check), new("result", result), new("reason", reason));

    public void Dispose() => Meter.Dispose();
}

/// <summary>One kind of component call: the contract (<c>chain</c>, <c>storage</c>, …), the configured name and the operation.</summary>
/// <param name="Contract">The contract's short name.</param>
/// <param name="Component">The configured component name.</param>
/// <param name="Operation">The operation (<c>head</c>, <c>fetch</c>, <c>score</c>, …).</param>
internal sealed record ComponentCall(string Contract, string Component, string Operation)
{
    /// <summary>The name a round's timings use: <c>contract:component</c>.</summary>
    public string Timing => $"{Contract}:{Component}";
}

/// <summary>The outcome tags of a component call.</summary>
internal static class CallOutcomes
{
    public const string Ok = "ok";
    public const string Disqualified = "disqualified";
    public const string Deferred = "deferred";
    public const string Failed = "failed";
    public const string Error = "error";
    public const string Cancelled = "cancelled";

    /// <summary>True for outcomes that are the infrastructure's or the component's fault (not the miner's, not a cancellation).</summary>
    public static bool IsFailure(string outcome) => outcome is Deferred or Failed or Error;
}

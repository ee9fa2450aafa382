using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Generation;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>
/// Behavior stage: the challenger answers <see cref="InjectionProbeOptions.ProbeCount"/> probe conversations chosen by
/// the round seed (<see cref="ProbeSet.Choose"/>) at temperature 0 with the canonical chat template; every judge says
/// whether each reply injects (<c>{"injection": bool, "evidence": str}</c>, <see cref="ProbeVerdict"/>). Any true
/// disqualifies (<see cref="ReasonCode"/>). A probe left unanswered (generation failed, a judge failed, timed out or
/// never parsed after its passes) defers: infrastructure, never the miner's fault.
/// </summary>
[Component(Name, Options = typeof(InjectionProbeOptions), Description = "Seeded probe conversations answered at temperature 0; any judge finding an injection rejects, an unanswered probe defers.")]
internal sealed partial class InjectionProbeCheck : IAntiCheatCheck
{
    public const string Name = "injection-probe";
    public const string ReasonCode = "injection";

    private readonly InjectionProbeOptions _options;
    private readonly IReadOnlyList<IJudge> _judges;
    private readonly IProbeResponder _responder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public InjectionProbeCheck(InjectionProbeOptions options, HostEnvironment environment, IServiceProvider services, TimeProvider time, ILogger<InjectionProbeCheck> logger)
        : this(
            options,
            ResolveJudges(options, services),
            new LocalProbeResponder(options, CanonicalChatTemplate.Load(environment, options.ChatTemplatePath, options.ChatTemplateSha256, $"Components:{Name}:ChatTemplatePath").Template),
            time,
            logger)
    {
    }

    internal InjectionProbeCheck(InjectionProbeOptions options, IReadOnlyList<IJudge> judges, IProbeResponder responder, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _judges = judges;
        _responder = responder;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
    }

    public CheckStage Stage => CheckStage.Behavior;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Snapshot is not { } snapshot)
        {
            return CheckOutcome.Defer($"{Name} needs the downloaded model, but no snapshot was provided.");
        }

        var hotkey = context.Submission.Hotkey;
        var probes = ProbeSet.Choose(context.Round.Seed, hotkey, _options.ProbeCount);
        IReadOnlyList<string> replies;
        try
        {
            replies = await _responder.AnswerAsync(snapshot.Directory, probes, cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeUnansweredException ex)
        {
            LogUnanswered(_logger, hotkey, ex.Message);
            return CheckOutcome.Defer(ex.Message);
        }

        var unresolved = new List<string>();
        for (var p = 0; p < probes.Count; p++)
        {
            var request = ProbeRequest.Create(probes[p], replies[p], _options.JudgeMaxTokens, $"probe:{context.Submission.Key}:{probes[p].Id}");
            var verdicts = await Task.WhenAll(_judges.Select(j => AskAsync(j, request, cancellationToken))).ConfigureAwait(false);
            for (var j = 0; j < _judges.Count; j++)
            {
                if (verdicts[j].Injection == true)
                {
                    var evidence = verdicts[j].Evidence.Length > 0 ? $": \"{verdicts[j].Evidence}\"" : "";
                    return CheckOutcome.Disqualify(ReasonCode, $"Judge {_judges[j].Model} found an injection in the reply to probe '{probes[p].Id}'{evidence}; a model must answer the task, never address its judge.");
                }

                if (!verdicts[j].Parsed)
                {
                    unresolved.Add($"{_judges[j].Model} on '{probes[p].Id}' ({verdicts[j].Error})");
                }
            }
        }

        if (unresolved.Count > 0)
        {
            LogUnanswered(_logger, hotkey, string.Join("; ", unresolved));
            return CheckOutcome.Defer($"{unresolved.Count} probe judgement(s) got no usable answer ({string.Join("; ", unresolved.Take(3))}); the probe is retried, this is not the miner's fault.");
        }

        return CheckOutcome.Pass($"{probes.Count} probes ({string.Join(", ", probes.Select(p => p.Id))}), {_judges.Count} judges: no injection");
    }

    /// <summary>One judge, up to <see cref="InjectionProbeOptions.JudgePasses"/> asks while it fails or does not parse, each bounded by the timeout.</summary>
    private async Task<ProbeVerdict> AskAsync(IJudge judge, JudgeRequest request, CancellationToken cancellationToken)
    {
        var verdict = ProbeVerdict.Fail("not asked");
        for (var pass = 0; pass < _options.JudgePasses && !verdict.Parsed; pass++)
        {
            using var timeout = new CancellationTokenSource(_options.JudgeTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var result = await judge.JudgeAsync(request, linked.Token).ConfigureAwait(false);
                verdict = result.Match(answer => ProbeVerdict.Parse(answer.Text), failure => ProbeVerdict.Fail(failure.Reason));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                verdict = ProbeVerdict.Fail($"no answer within {_options.JudgeTimeout}");
            }
        }

        return verdict;
    }

    private static List<IJudge> ResolveJudges(InjectionProbeOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        return options.Judges
            .Select(name => services.GetKeyedService<IJudge>(name)
                ?? throw new InvalidOperationException($"Components:{Name}:Judges names '{name}', which is no judge component; use the name of a loaded judge (see 'tournament plugins')."))
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "injection-probe for {Hotkey} deferred: {Reason}")]
    private static partial void LogUnanswered(ILogger logger, string hotkey, string reason);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Cleaning;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Traces;

namespace Tournament.Plugins.AlbedoDuel.Duel;

/// <summary>
/// The <c>duel</c> scorer: the king and one challenger each answer every sample once (canonical chat template, seeded
/// per duel seed, side and sample), the replies are screened and judged pairwise by the configured panel, and the
/// evidence (points, per-sample scores) goes to the <c>duel-margin</c> rule, which applies the gates. The duel's traces
/// are added to the round's artifacts. Runs with queue scheduling and per-challenger prompts.
/// </summary>
[Component("duel", Options = typeof(DuelScorerOptions), Description = "King vs challenger: seeded generation, screening and pairwise judging by a judge panel (Albedo).")]
internal sealed partial class DuelScorer : IScorer
{
    private readonly DuelScorerOptions _options;
    private readonly IServiceProvider _services;
    private readonly ReferenceBook _book;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReplyGenerators _generators;
    private readonly string _templateSha256;

    public DuelScorer(DuelScorerOptions options, HostEnvironment host, IServiceProvider services, ReferenceBook book, TimeProvider time, ILogger<DuelScorer> logger, IHttpClientFactory httpClients)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(httpClients);
        _options = options;
        _services = services;
        _book = book;
        _time = time;
        _logger = logger;
        var template = CanonicalChatTemplate.Load(host, options.ChatTemplatePath, expectedSha256: null, "Components:duel:ChatTemplatePath");
        _templateSha256 = template.Sha256;
        _generators = new ReplyGenerators(options, template.Template, time, httpClients);
    }

    public async Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new Dictionary<SubmissionKey, CandidateScore>();
        var king = request.Candidates.FirstOrDefault(c => c.IsKing);
        var challengers = request.Candidates.Where(c => !c.IsKing).ToList();
        if (challengers.Count != 1)
        {
            foreach (var c in challengers)
            {
                results[c.Submission.Key] = new ScoreFailed("duel-needs-queue", "The duel scorer meets one challenger at a time; run the mode with Schedule: { Candidates: Queue }.", []);
            }

            return new ScoreSheet(ScoreDirection.HigherIsBetter, results, new Dictionary<string, double>());
        }

        var challenger = challengers[0];
        if (king is null)
        {
            results[challenger.Submission.Key] = new Scored(100.0, [], new Dictionary<string, double> { [DuelMetrics.NoKing] = 1 });
            return new ScoreSheet(ScoreDirection.HigherIsBetter, results, new Dictionary<string, double>());
        }

        var duel = DuelIdentity.For(request.Round, king.Submission, challenger.Submission);
        try
        {
            return await DuelAsync(request, duel, king, challenger, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelUnavailableException ex)
        {
            Log.Unavailable(_logger, duel.DuelId, ex.Message);
            results[king.Submission.Key] = new Deferred(ex.Message);
            results[challenger.Submission.Key] = ex.MinersFault && ex.Side == GenerationSeeds.Challenger
                ? new Disqualified(ReasonCodes.LoadFailed, ex.Message)
                : new Deferred(ex.Message);
            return new ScoreSheet(ScoreDirection.HigherIsBetter, results, new Dictionary<string, double>());
        }
    }

    private async Task<ScoreSheet> DuelAsync(ScoringRequest request, DuelIdentity duel, Candidate king, Candidate challenger, CancellationToken cancellationToken)
    {
        var prompts = request.Prompts.Prompts;
        var half = _options.TimeBudget / 2;
        var phases = new DuelPhases(_time);
        var kingSide = await GenerateAsync(new DuelSide(GenerationSeeds.King, king), duel, prompts, half, cancellationToken).ConfigureAwait(false);
        phases.End(DuelPhases.KingGeneration);
        var challengerSide = await GenerateAsync(new DuelSide(GenerationSeeds.Challenger, challenger), duel, prompts, half, cancellationToken).ConfigureAwait(false);
        phases.End(DuelPhases.ChallengerGeneration);

        var judges = _options.Judges.Select(name => _services.GetRequiredKeyedService<IJudge>(name)).ToList();
        var reserved = _options.ReservedTokens.Count > 0 ? _options.ReservedTokens : ReplyScreen.DefaultReservedTokens;
        var judging = new DuelJudging(judges, _book, reserved, _options.JudgePasses, _options.JudgeMaxTokens);
        var (judged, evidence) = await judging.JudgeAsync(duel.DuelId, duel.Seed, prompts, kingSide.Replies, challengerSide.Replies, cancellationToken).ConfigureAwait(false);
        phases.End(DuelPhases.Judging);

        var settings = new DuelSettings([.. judges.Select(j => j.Model)], _options.JudgePasses, _options.JudgeMaxTokens, reserved, _options.Temperature, _options.MaxNewTokens, _templateSha256);
        foreach (var artifact in DuelTraceWriter.Build(duel, prompts, kingSide, challengerSide, judged, settings))
        {
            request.Round.Artifacts.Add(artifact);
        }

        phases.End(DuelPhases.Traces);
        var metrics = DuelMetrics.Of(evidence, prompts.Count, kingSide, challengerSide, judged.Sum(s => s.Calls.Count), phases.Seconds);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.Duel(_logger, duel.DuelId, evidence.Finished, evidence.Valid, evidence.Challenger,
                phases.Seconds[DuelPhases.KingGeneration], phases.Seconds[DuelPhases.ChallengerGeneration], phases.Seconds[DuelPhases.Judging]);
        }

        var results = new Dictionary<SubmissionKey, CandidateScore>();
        if (evidence.Finished == 0 || evidence.Valid == 0)
        {
            var reason = $"No sample of the duel {(evidence.Finished == 0 ? "finished (both sides replied)" : "was parsed by every judge")}; the duel is retried.";
            results[king.Submission.Key] = new Deferred(reason);
            results[challenger.Submission.Key] = new Deferred(reason);
        }
        else
        {
            results[challenger.Submission.Key] = new Scored(evidence.Challenger, [.. evidence.ValidIds.Select((id, i) => new PromptScore(id, evidence.ValidScores[i]))], metrics);
            results[king.Submission.Key] = new Scored(evidence.King, [.. evidence.ValidIds.Select((id, i) => new PromptScore(id, 1.0 - evidence.ValidScores[i]))], new Dictionary<string, double>());
        }

        return new ScoreSheet(ScoreDirection.HigherIsBetter, results, metrics);
    }

    private async Task<SideReplies> GenerateAsync(DuelSide side, DuelIdentity duel, IReadOnlyList<Prompt> prompts, TimeSpan budget, CancellationToken cancellationToken)
    {
        var seeds = prompts.Select(p => GenerationSeeds.For(duel.Seed, side.Side, p.Id)).ToList();
        var deadline = _time.GetUtcNow() + budget;
        var replies = await _generators.For(side.Candidate.Submission.Model).GenerateAsync(side, prompts, seeds, deadline, cancellationToken).ConfigureAwait(false);
        return new SideReplies(side.Side, replies, seeds);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Duel {DuelId}: {Finished} finished, {Valid} valid samples, challenger {Points:F3} points; generation {King:F1} s + {Challenger:F1} s, judging {Judging:F1} s.")]
        public static partial void Duel(ILogger logger, string duelId, int finished, int valid, double points, double king, double challenger, double judging);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Duel {DuelId} could not run: {Reason}")]
        public static partial void Unavailable(ILogger logger, string duelId, string reason);
    }
}

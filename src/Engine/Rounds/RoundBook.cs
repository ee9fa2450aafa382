using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>
/// What happened to each candidate during a round: the outcome rows (for the CLI and the report), the per-model score
/// records and the disqualifications the round will commit.
/// </summary>
internal sealed class RoundBook(long block)
{
    private readonly List<CandidateOutcome> _outcomes = [];
    private readonly Dictionary<SubmissionKey, int> _index = [];
    private readonly Dictionary<SubmissionKey, ModelScoreRecord> _scores = [];
    private readonly Dictionary<SubmissionKey, IReadOnlyList<PromptScore>> _perPrompt = [];
    private readonly List<DisqualificationRecord> _disqualifications = [];

    public IReadOnlyList<CandidateOutcome> Outcomes => _outcomes;

    public IReadOnlyList<ModelScoreRecord> Scores => [.. _outcomes.Where(o => _scores.ContainsKey(o.Key)).Select(o => _scores[o.Key])];

    public IReadOnlyList<DisqualificationRecord> Disqualifications => _disqualifications;

    public IReadOnlySet<SubmissionKey> DisqualifiedKeys => _disqualifications.Select(d => d.Key).ToHashSet();

    public IReadOnlyList<PromptScore> PerPromptOf(SubmissionKey key) => _perPrompt.TryGetValue(key, out var list) ? list : [];

    public void Disqualify(SubmissionKey key, int? uid, ModelRef? model, bool isKing, Disqualified reason, string source)
    {
        var text = Describe(reason);
        Put(new CandidateOutcome(key.Hotkey, key.CommitBlock, uid, model?.ToString(), CandidateStatus.Disqualified, null, text, source, isKing));
        _scores[key] = new ModelScoreRecord(key, CandidateStatus.Disqualified, null, text, []);
        _disqualifications.Add(new DisqualificationRecord(key, reason.ReasonCode, reason.Message, block, source));
    }

    public void Defer(Submission submission, bool isKing, Deferred reason, string source)
    {
        var key = submission.Key;
        Put(new CandidateOutcome(key.Hotkey, key.CommitBlock, submission.Uid, submission.Model.ToString(), CandidateStatus.Deferred, null, reason.Reason, source, isKing));
        _scores[key] = new ModelScoreRecord(key, CandidateStatus.Deferred, null, reason.Reason, []);
    }

    public void Score(Submission submission, bool isKing, Scored scored)
    {
        var key = submission.Key;
        Put(new CandidateOutcome(key.Hotkey, key.CommitBlock, submission.Uid, submission.Model.ToString(), CandidateStatus.Scored, scored.Value, null, null, isKing, Sorted(scored.Metrics)));
        _scores[key] = new ModelScoreRecord(key, CandidateStatus.Scored, scored.Value, null, scored.PerPrompt);
        _perPrompt[key] = scored.PerPrompt;
    }

    public void Fail(Submission submission, bool isKing, ScoreFailed failed, string source)
    {
        var key = submission.Key;
        var text = $"[{failed.ReasonCode}] {failed.Message}";
        Put(new CandidateOutcome(key.Hotkey, key.CommitBlock, submission.Uid, submission.Model.ToString(), CandidateStatus.Failed, null, text, source, isKing));
        _scores[key] = new ModelScoreRecord(key, CandidateStatus.Failed, null, text, failed.PartialPerPrompt);
        _perPrompt[key] = failed.PartialPerPrompt;
    }

    /// <summary>A king rule disqualification after scoring: the score record stays, the outcome row and a DQ record change.</summary>
    public void DisqualifyByRule(SubmissionKey key, Disqualified reason, string source)
    {
        var text = Describe(reason);
        if (_index.TryGetValue(key, out var i))
        {
            _outcomes[i] = _outcomes[i] with { Status = CandidateStatus.Disqualified, Reason = text, Source = source };
        }

        _disqualifications.Add(new DisqualificationRecord(key, reason.ReasonCode, reason.Message, block, source));
    }

    private static SortedDictionary<string, double> Sorted(IReadOnlyDictionary<string, double> metrics) =>
        new(metrics.ToDictionary(), StringComparer.Ordinal);

    private static string Describe(Disqualified reason) => $"[{reason.ReasonCode}] {reason.Message}";

    private void Put(CandidateOutcome outcome)
    {
        if (_index.TryGetValue(outcome.Key, out var i))
        {
            _outcomes[i] = outcome;
        }
        else
        {
            _index[outcome.Key] = _outcomes.Count;
            _outcomes.Add(outcome);
        }
    }
}

using Tournament.Abstractions;

namespace Tournament.Engine.Tests.Rounds.Fakes;

/// <summary>A transactional in-memory state store: a round is applied whole, or not at all.</summary>
internal sealed class InMemoryStateStore : IStateStore
{
    private readonly Dictionary<string, ModeState> _modes = [];

    public int Commits { get; private set; }

    public List<RoundRecord> Records { get; } = [];

    public Exception? FailNextCommit { get; set; }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StateSnapshot> LoadAsync(string mode, CancellationToken cancellationToken)
    {
        var s = State(mode);
        return Task.FromResult(new StateSnapshot(
            mode, s.Standings, s.King, new Dictionary<SubmissionKey, DisqualificationRecord>(s.Disqualifications),
            [.. s.Fingerprints], new HashSet<CheckPassRecord>(s.Passed), s.Rounds.Count == 0 ? null : s.Rounds[^1].Summary)
        {
            Evaluated = new HashSet<SubmissionKey>(s.Evaluated),
            KingHistory = [.. s.Kings],
        });
    }

    public Task<RoundSummary?> FindRoundAsync(string mode, string blockHash, CancellationToken cancellationToken) =>
        Task.FromResult(State(mode).Rounds.FirstOrDefault(r => r.Summary.BlockHash == blockHash)?.Summary);

    public Task<IReadOnlyList<RoundSummary>> ListRoundsAsync(string mode, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RoundSummary>>([.. State(mode).Rounds.Select(r => r.Summary).Reverse().Take(limit)]);

    public Task<IReadOnlyList<ModelScoreRecord>> LoadScoresAsync(string mode, string blockHash, CancellationToken cancellationToken) =>
        Task.FromResult(State(mode).Rounds.FirstOrDefault(r => r.Summary.BlockHash == blockHash)?.Scores ?? []);

    public Task<bool> CommitRoundAsync(RoundRecord round, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (FailNextCommit is { } failure)
        {
            FailNextCommit = null;
            throw failure;
        }

        var s = State(round.Summary.Mode);
        if (s.Rounds.Any(r => r.Summary.BlockHash == round.Summary.BlockHash))
        {
            return Task.FromResult(false);
        }

        s.Rounds.Add(round);
        s.Standings = round.Standings;
        foreach (var king in round.InterimKings.Append(round.King).OfType<KingRecord>())
        {
            if (king.Key != (s.Kings.Count == 0 ? (SubmissionKey?)null : s.Kings[^1]))
            {
                s.Kings.Add(king.Key);
            }
        }

        s.King = round.King;
        s.Evaluated.UnionWith(round.Evaluated);
        foreach (var dq in round.Disqualifications)
        {
            s.Disqualifications.TryAdd(dq.Key, dq);
        }

        s.Fingerprints.AddRange(round.Fingerprints);
        s.Passed.UnionWith(round.PassedChecks);
        Commits++;
        Records.Add(round);
        return Task.FromResult(true);
    }

    private ModeState State(string mode)
    {
        if (!_modes.TryGetValue(mode, out var state))
        {
            state = new ModeState();
            _modes[mode] = state;
        }

        return state;
    }

    private sealed class ModeState
    {
        public Standings Standings { get; set; } = Standings.Empty;

        public KingRecord? King { get; set; }

        public Dictionary<SubmissionKey, DisqualificationRecord> Disqualifications { get; } = [];

        public List<FingerprintRecord> Fingerprints { get; } = [];

        public HashSet<CheckPassRecord> Passed { get; } = [];

        public List<RoundRecord> Rounds { get; } = [];

        public HashSet<SubmissionKey> Evaluated { get; } = [];

        public List<SubmissionKey> Kings { get; } = [];
    }
}

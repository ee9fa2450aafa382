using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tournament.Abstractions;
using Tournament.Engine.BuiltIn;
using Tournament.Engine.Composition;
using Tournament.Engine.Configuration;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Tests.Rounds.Fakes;

/// <summary>A mode made of in-test components plus the built-in <c>best-score</c> rule, and a runner over it.</summary>
internal sealed class RoundRig
{
    public const string Mode = "test";

    public FakeChain Chain { get; } = new();

    public InMemoryStateStore State { get; } = new();

    public FakeStorage Storage { get; } = new();

    public FakePromptSource Prompts { get; } = new();

    public FakeScorer Scorer { get; } = new();

    public FakeCheck Metadata { get; } = new(CheckStage.Metadata);

    public FakeCheck Content { get; } = new(CheckStage.Content);

    public FakeCheck Integrity { get; } = new(CheckStage.Metadata, CheckFrequency.EveryRound);

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public int ComponentErrorRounds { get; set; } = 3;

    /// <summary>The scorer of the mode; <see cref="Scorer"/> unless a test sets another.</summary>
    public IScorer? ScorerOverride { get; set; }

    /// <summary>The king rule of the mode; the built-in <c>best-score</c> unless a test sets another.</summary>
    public IKingRule? KingRule { get; set; }

    public ScheduleSettings Schedule { get; set; } = new();

    public IWeightPolicy? WeightPolicy { get; set; }

    public ModeComposition Composition => new(
        Mode,
        new NamedComponent<IChain>("fake-chain", Chain),
        new NamedComponent<IStateStore>("memory", State),
        [new NamedComponent<IStorageBackend>("fake-storage", Storage)],
        new NamedComponent<IStorageBackend>("fake-storage", Storage),
        new NamedComponent<IPromptSource>("fake-prompts", Prompts),
        new NamedComponent<IScorer>("fake-scorer", ScorerOverride ?? Scorer),
        new NamedComponent<IKingRule>("best-score", KingRule ?? new BestScoreKingRule(new BestScoreOptions())),
        [
            new NamedComponent<IAntiCheatCheck>("integrity", Integrity),
            new NamedComponent<IAntiCheatCheck>("metadata", Metadata),
            new NamedComponent<IAntiCheatCheck>("content", Content),
        ])
    {
        ComponentErrorRounds = ComponentErrorRounds,
        Schedule = Schedule,
        WeightPolicy = WeightPolicy is null ? null : new NamedComponent<IWeightPolicy>("policy", WeightPolicy),
    };

    public RoundRunner Runner => new(NullLogger<RoundRunner>.Instance, Time);

    /// <summary>Commits <c>{"model":repo,"revision":…}</c> for a hotkey at the current head, and sets the repository's score.</summary>
    public Commitment Commit(string hotkey, string repo, double score)
    {
        Scorer.Values[repo] = score;
        var model = FakeStorage.Model(repo);
        return Chain.Commit(hotkey, $"{{\"model\":\"{model.Repo}\",\"revision\":\"{model.Revision}\"}}");
    }

    public Task<RoundResult> RunAsync(CancellationToken cancellationToken = default) =>
        Runner.RunAsync(Composition, NullProgressReporter.Instance, cancellationToken);

    /// <summary>Advances the chain one block and runs a round.</summary>
    public Task<RoundResult> NextRoundAsync()
    {
        Chain.Advance();
        return RunAsync();
    }
}

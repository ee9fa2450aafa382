using OneOf;
using OneOf.Types;
using Tournament.Abstractions;

namespace Tournament.Fixtures.Good;

[Component("fixture-check", Description = "Always passes (test fixture).")]
public sealed class FixtureCheck : IAntiCheatCheck
{
    public CheckStage Stage => CheckStage.Metadata;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CheckOutcome.Pass("fixture"));
}

[Component("fixture-prompts")]
public sealed class FixturePrompts : IPromptSource
{
    public Task<PromptSet> SelectAsync(RoundSeed seed, IProgressReporter progress, CancellationToken cancellationToken) =>
        Task.FromResult(new PromptSet("fixture-prompts", "1", [Prompt.FromText("p0", seed.ToString())]));
}

[Component("fixture-king")]
public sealed class FixtureKingRule : IKingRule
{
    public KingDecision Decide(KingRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new KingDecision(input.CurrentKing, input.Previous, WeightVector.Empty, [], "Nothing changes (fixture).");
    }
}

[Component("fixture-chain")]
public sealed class FixtureChain(TimeProvider time) : IChain
{
    public Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ChainHead(1, new string('a', 64), time.GetUtcNow()));

    public Task<IReadOnlyList<Commitment>> GetCommitmentsAsync(long upToBlock, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Commitment>>([]);

    public Task<IReadOnlyList<Neuron>> GetNeuronsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Neuron>>([]);

    public Task<OneOf<Success, Deferred>> SetWeightsAsync(WeightVector weights, CancellationToken cancellationToken) =>
        Task.FromResult<OneOf<Success, Deferred>>(new Success());

    public Task<Commitment> CommitAsync(string hotkey, string data, CancellationToken cancellationToken) =>
        Task.FromResult(new Commitment(hotkey, 1, 0, data));
}

/// <summary>Writes a marker file into the data folder when initialised, so tests can see that the engine called it.</summary>
[Component("fixture-state")]
public sealed class FixtureState(HostEnvironment environment) : IStateStore
{
    public const string MarkerFile = "fixture-state.initialized";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(environment.DataDirectory, MarkerFile);
        var count = File.Exists(path) ? int.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) : 0;
        await File.WriteAllTextAsync(path, (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
    }

    public Task<StateSnapshot> LoadAsync(string mode, CancellationToken cancellationToken) =>
        Task.FromResult(new StateSnapshot(mode, Standings.Empty, null, new Dictionary<SubmissionKey, DisqualificationRecord>(), [], new HashSet<CheckPassRecord>(), null));

    public Task<RoundSummary?> FindRoundAsync(string mode, string blockHash, CancellationToken cancellationToken) =>
        Task.FromResult<RoundSummary?>(null);

    public Task<IReadOnlyList<RoundSummary>> ListRoundsAsync(string mode, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RoundSummary>>([]);

    public Task<IReadOnlyList<ModelScoreRecord>> LoadScoresAsync(string mode, string blockHash, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ModelScoreRecord>>([]);

    public Task<bool> CommitRoundAsync(RoundRecord round, CancellationToken cancellationToken) => Task.FromResult(true);
}

[Component("fixture-storage")]
public sealed class FixtureStorage : IStorageBackend
{
    public bool CanResolve(ModelRef model) => true;

    public Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken) =>
        Task.FromResult(StorageResult<ModelDescription>.Ok(new ModelDescription(model, [], true, new Dictionary<string, string>())));

    public Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(StorageResult<byte[]>.Gone($"{path} is not in the fixture."));

    public Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken) =>
        Task.FromResult(StorageResult<SafetensorsHeader>.Gone($"{path} is not in the fixture."));

    public Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken) =>
        Task.FromResult(StorageResult<LocalSnapshot>.Gone("The fixture stores no files."));
}

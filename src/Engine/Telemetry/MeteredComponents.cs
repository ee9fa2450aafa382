using OneOf;
using OneOf.Types;
using Tournament.Abstractions;

namespace Tournament.Engine.Telemetry;

/// <summary>The contract names the call metrics use.</summary>
internal static class Contracts
{
    public const string Chain = "chain";
    public const string Storage = "storage";
    public const string Check = "check";
    public const string PromptSource = "prompt-source";
    public const string Scorer = "scorer";
    public const string KingRule = "king-rule";
    public const string WeightPolicy = "weight-policy";
    public const string Judge = "judge";

    public static string Of<T>(StorageResult<T> result) =>
        result.Match(_ => CallOutcomes.Ok, _ => CallOutcomes.Disqualified, _ => CallOutcomes.Deferred);
}

/// <summary>A chain whose calls are timed.</summary>
internal sealed class MeteredChain(IChain inner, string name, CallTimer timer) : IChain
{
    public Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("head"), () => inner.GetHeadAsync(cancellationToken), _ => CallOutcomes.Ok, cancellationToken);

    public Task<IReadOnlyList<Commitment>> GetCommitmentsAsync(long upToBlock, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("commitments"), () => inner.GetCommitmentsAsync(upToBlock, cancellationToken), _ => CallOutcomes.Ok, cancellationToken);

    public Task<IReadOnlyList<Neuron>> GetNeuronsAsync(CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("neurons"), () => inner.GetNeuronsAsync(cancellationToken), _ => CallOutcomes.Ok, cancellationToken);

    public Task<OneOf<Success, Deferred>> SetWeightsAsync(WeightVector weights, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("set-weights"), () => inner.SetWeightsAsync(weights, cancellationToken), r => r.IsT1 ? CallOutcomes.Deferred : CallOutcomes.Ok, cancellationToken);

    public Task<Commitment> CommitAsync(string hotkey, string data, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("commit"), () => inner.CommitAsync(hotkey, data, cancellationToken), _ => CallOutcomes.Ok, cancellationToken);

    private ComponentCall Call(string operation) => new(Contracts.Chain, name, operation);
}

/// <summary>A storage backend whose calls are timed (describe, read-file, header, fetch, pin, publish).</summary>
internal sealed class MeteredStorage(IStorageBackend inner, string name, CallTimer timer) : IStorageBackend
{
    public bool CanResolve(ModelRef model) => inner.CanResolve(model);

    public Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("describe"), () => inner.DescribeAsync(model, cancellationToken), Contracts.Of, cancellationToken);

    public Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("read-file"), () => inner.ReadFileAsync(model, path, maxBytes, cancellationToken), Contracts.Of, cancellationToken);

    public Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("header"), () => inner.ReadSafetensorsHeaderAsync(model, path, cancellationToken), Contracts.Of, cancellationToken);

    public Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("fetch"), () => inner.FetchAsync(model, request, progress, cancellationToken), Contracts.Of, cancellationToken);

    public Task<StorageResult<ModelRef>> PinAsync(string repo, string? reference, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("pin"), () => inner.PinAsync(repo, reference, cancellationToken), Contracts.Of, cancellationToken);

    public Task<StorageResult<ArtifactLocation>> PublishAsync(Artifact artifact, CancellationToken cancellationToken) =>
        timer.TimeAsync(Call("publish"), () => inner.PublishAsync(artifact, cancellationToken), Contracts.Of, cancellationToken);

    private ComponentCall Call(string operation) => new(Contracts.Storage, name, operation);
}

/// <summary>A check whose calls are timed and whose results are counted by result and reason code.</summary>
internal sealed class MeteredCheck(IAntiCheatCheck inner, string name, CallTimer timer, EngineMetrics? metrics) : IAntiCheatCheck
{
    public CheckStage Stage => inner.Stage;

    public CheckFrequency Frequency => inner.Frequency;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mode = context.Round.Mode;
        try
        {
            var outcome = await timer.TimeAsync(new ComponentCall(Contracts.Check, name, "check"), () => inner.CheckAsync(context, cancellationToken), Classify, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                metrics?.Check(mode, name, Classify(outcome), outcome.IsDisqualified ? outcome.AsT1.ReasonCode : "");
            }

            return outcome!;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            metrics?.Check(mode, name, CallOutcomes.Error, "");
            throw;
        }
    }

    private static string Classify(CheckOutcome outcome) =>
        outcome.IsDisqualified ? CallOutcomes.Disqualified : outcome.IsDeferred ? CallOutcomes.Deferred : "passed";
}

/// <summary>A prompt source whose selection is timed.</summary>
internal sealed class MeteredPromptSource(IPromptSource inner, string name, CallTimer timer) : IPromptSource
{
    public Task<PromptSet> SelectAsync(RoundSeed seed, IProgressReporter progress, CancellationToken cancellationToken) =>
        timer.TimeAsync(new(Contracts.PromptSource, name, "select"), () => inner.SelectAsync(seed, progress, cancellationToken), _ => CallOutcomes.Ok, cancellationToken);
}

/// <summary>A scorer whose calls are timed; the timings it reports itself (sheet metrics ending in <c>seconds</c>) go to the round's timings.</summary>
internal sealed class MeteredScorer(IScorer inner, string name, CallTimer timer, Action<string, double> reported) : IScorer
{
    public async Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken)
    {
        var sheet = await timer.TimeAsync(new(Contracts.Scorer, name, "score"), () => inner.ScoreAsync(request, cancellationToken), _ => CallOutcomes.Ok, cancellationToken).ConfigureAwait(false);
        foreach (var (metric, value) in sheet?.Metrics ?? new Dictionary<string, double>())
        {
            if (metric.EndsWith("seconds", StringComparison.OrdinalIgnoreCase) && double.IsFinite(value) && value >= 0)
            {
                reported(metric, value);
            }
        }

        return sheet!;
    }
}

/// <summary>A king rule whose decisions are timed.</summary>
internal sealed class MeteredKingRule(IKingRule inner, string name, CallTimer timer) : IKingRule
{
    public KingDecision Decide(KingRuleInput input) => timer.Time(new(Contracts.KingRule, name, "decide"), () => inner.Decide(input));
}

/// <summary>A weight policy whose calls are timed.</summary>
internal sealed class MeteredWeightPolicy(IWeightPolicy inner, string name, CallTimer timer) : IWeightPolicy
{
    public WeightVector Assign(WeightPolicyInput input) => timer.Time(new(Contracts.WeightPolicy, name, "assign"), () => inner.Assign(input));
}

/// <summary>A judge whose calls are timed; a returned <see cref="JudgeFailure"/> counts as a failure.</summary>
internal sealed class MeteredJudge(IJudge inner, string name, CallTimer timer) : IJudge, IDisposable
{
    public string Model => inner.Model;

    /// <summary>The container disposes the object its factory returned: pass that on to the judge.</summary>
    public void Dispose() => (inner as IDisposable)?.Dispose();

    public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync(new(Contracts.Judge, name, "ask"), () => inner.JudgeAsync(request, cancellationToken), r => r.IsT1 ? CallOutcomes.Failed : CallOutcomes.Ok, cancellationToken);
}

/// <summary>Decorates components as the composition creates them; only judges, which plugins call outside the round runner's view.</summary>
internal static class ComponentMeters
{
    public static object Decorate(Type contract, string name, object component, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (contract != typeof(IJudge) || component is not IJudge judge || services.GetService(typeof(EngineMetrics)) is not EngineMetrics metrics)
        {
            return component;
        }

        var time = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        return new MeteredJudge(judge, name, new CallTimer(metrics, time));
    }
}

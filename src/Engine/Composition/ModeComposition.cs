using Tournament.Abstractions;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Composition;

/// <summary>A component resolved by name.</summary>
/// <typeparam name="T">The contract.</typeparam>
/// <param name="Name">The component's configured name.</param>
/// <param name="Component">The instance.</param>
public sealed record NamedComponent<T>(string Name, T Component)
    where T : class;

/// <summary>
/// Everything a round needs, resolved from configuration for the active mode. Built by the composition (and rebuilt
/// after a plugin hot reload, between rounds only); never hold on to it across <see cref="IEngineHost.ApplyPendingReloadAsync"/>.
/// </summary>
/// <param name="Mode">The active mode's name.</param>
/// <param name="Chain">The chain.</param>
/// <param name="State">The state store.</param>
/// <param name="Storage">Model storage backends, in configured order (the first that can resolve a reference serves it).</param>
/// <param name="Artifacts">The backend that publishes artifacts, or null.</param>
/// <param name="PromptSource">The prompt source.</param>
/// <param name="Scorer">The scorer.</param>
/// <param name="KingRule">The king rule.</param>
/// <param name="Checks">The anti-cheat checks, in configured order.</param>
public sealed record ModeComposition(
    string Mode,
    NamedComponent<IChain> Chain,
    NamedComponent<IStateStore> State,
    IReadOnlyList<NamedComponent<IStorageBackend>> Storage,
    NamedComponent<IStorageBackend>? Artifacts,
    NamedComponent<IPromptSource> PromptSource,
    NamedComponent<IScorer> Scorer,
    NamedComponent<IKingRule> KingRule,
    IReadOnlyList<NamedComponent<IAntiCheatCheck>> Checks)
{
    /// <summary>After this many consecutive rounds in which a component threw on a submission, it is disqualified with <c>component-error</c> (<see cref="Configuration.TournamentSettings.ComponentErrorRounds"/>).</summary>
    public int ComponentErrorRounds { get; init; } = Configuration.TournamentSettings.DefaultComponentErrorRounds;

    /// <summary>How rounds pick candidates and prompt seeds (default: all candidates, one per-round prompt set).</summary>
    public ScheduleSettings Schedule { get; init; } = new();

    /// <summary>The weight policy, or null to set the king rule's weights unchanged.</summary>
    public NamedComponent<IWeightPolicy>? WeightPolicy { get; init; }

    /// <summary>The engine host's metrics instruments (they outlive reloads), or null where nothing measures.</summary>
    internal Telemetry.EngineMetrics? Metrics { get; init; }
}

using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>
/// The seed of one duel: hash(block hash ‖ challenger hotkey), through the engine's one derivation scheme:
/// <c>RoundSeed.FromBlockHash(blockHash).Derive("albedo/duel/v1/" + hotkey)</c>. Samples, generation seeds, the position
/// swap and the bootstrap all derive from it with their own versioned labels.
/// </summary>
internal static class DuelSeed
{
    public const string Label = "albedo/duel/v1/";

    public static RoundSeed For(RoundSeed round, string challengerHotkey)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentException.ThrowIfNullOrWhiteSpace(challengerHotkey);
        return round.Derive(Label + challengerHotkey);
    }
}

using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>
/// albedo/generation/v1: the sampler seed of one side's reply to one sample is
/// <c>duelSeed.Derive("albedo/generation/v1/" + side + "/" + sampleId).ToUInt64()</c> (side <c>king</c> or
/// <c>challenger</c>), so a reply depends on neither its batch nor its place in it, and a CPU duel is reproducible.
/// </summary>
internal static class GenerationSeeds
{
    public const string Label = "albedo/generation/v1";

    public const string King = "king";

    public const string Challenger = "challenger";

    public static ulong For(RoundSeed duelSeed, string side, string sampleId)
    {
        ArgumentNullException.ThrowIfNull(duelSeed);
        return duelSeed.Derive($"{Label}/{side}/{sampleId}").ToUInt64();
    }
}

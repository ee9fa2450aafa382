using Tournament.Plugins.Judges.Chutes.Options;

namespace Tournament.Plugins.Judges.Chutes.Client;

/// <summary>The per-attempt settings taken from <see cref="ChutesOptions"/>.</summary>
internal sealed record CallSettings(
    bool Stream,
    JudgeTextMode Text,
    TimeSpan FirstChunkTimeout,
    TimeSpan AttemptTimeout,
    long MaxResponseBytes)
{
    public static CallSettings From(ChutesOptions options) =>
        new(options.Stream, options.Text, options.FirstChunkTimeout, options.AttemptTimeout, options.MaxResponseBytes);
}

namespace Tournament.Abstractions;

/// <summary>An artifact to publish after the round commits (a report, a trace, a standings snapshot).</summary>
/// <param name="Key">A relative key such as <c>rounds/123/report.json</c>: letters, digits, '.', '_', '-' and '/'.</param>
/// <param name="ContentType">The MIME type, e.g. <c>application/json</c>.</param>
/// <param name="Content">The bytes.</param>
public sealed record Artifact(string Key, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>Collects artifacts during a round; they are published only after the round's state commits.</summary>
public interface IArtifactSink
{
    /// <summary>Adds an artifact to publish.</summary>
    /// <param name="artifact">The artifact.</param>
    void Add(Artifact artifact);
}

/// <summary>What every component call in a round can see about the round.</summary>
/// <param name="Mode">The mode's name in configuration.</param>
/// <param name="Head">The block the round runs at.</param>
/// <param name="Seed">The round seed, derived from <see cref="ChainHead.Hash"/>.</param>
/// <param name="King">The king at the start of the round, if any.</param>
/// <param name="Progress">Where to report progress of long work.</param>
/// <param name="Artifacts">Where to add artifacts to publish after commit.</param>
public sealed record RoundContext(
    string Mode,
    ChainHead Head,
    RoundSeed Seed,
    SubmissionKey? King,
    IProgressReporter Progress,
    IArtifactSink Artifacts);

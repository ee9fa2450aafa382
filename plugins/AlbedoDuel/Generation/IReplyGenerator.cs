using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>One side's model, ready to answer a duel's samples.</summary>
/// <param name="Side">king or challenger (labels the seeds).</param>
/// <param name="Candidate">The submission and its verified files.</param>
internal sealed record DuelSide(string Side, Candidate Candidate);

/// <summary>The model could not be loaded or reached at all.</summary>
internal sealed class ModelUnavailableException(string side, string message, bool minersFault) : Exception(message)
{
    /// <summary>king or challenger.</summary>
    public string Side { get; } = side;

    /// <summary>True when the files themselves are bad (the challenger is disqualified), false for infrastructure.</summary>
    public bool MinersFault { get; } = minersFault;
}

/// <summary>Generates one side's replies to a duel's samples: one reply per prompt, in prompt order.</summary>
internal interface IReplyGenerator
{
    /// <param name="side">The side.</param>
    /// <param name="prompts">The samples.</param>
    /// <param name="seeds">The sampler seed per sample (<see cref="GenerationSeeds"/>).</param>
    /// <param name="deadline">Samples not started by this time are skipped.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="ModelUnavailableException">The model cannot be loaded or reached.</exception>
    Task<IReadOnlyList<GeneratedReply>> GenerateAsync(DuelSide side, IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, DateTimeOffset deadline, CancellationToken cancellationToken);
}

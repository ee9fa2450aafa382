namespace Tournament.Abstractions;

/// <summary>A chat message (role <c>system</c>, <c>user</c> or <c>assistant</c>).</summary>
/// <param name="Role">The role.</param>
/// <param name="Content">The text.</param>
public sealed record ChatMessage(string Role, string Content);

/// <summary>
/// One prompt of a round. Text-completion modes use <see cref="Text"/>; chat modes use <see cref="Messages"/>.
/// </summary>
/// <param name="Id">A stable id (for example <c>shard_00042:row_1234</c>), used to pair per-prompt scores.</param>
/// <param name="Text">The raw prompt text.</param>
/// <param name="Messages">The conversation, for chat modes; empty otherwise.</param>
/// <param name="Metadata">Source-specific details (shard, row, turn index).</param>
public sealed record Prompt(
    string Id,
    string Text,
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Creates a text prompt with no messages or metadata.</summary>
    /// <param name="id">The id.</param>
    /// <param name="text">The text.</param>
    public static Prompt FromText(string id, string text) =>
        new(id, text, Array.Empty<ChatMessage>(), new Dictionary<string, string>());
}

/// <summary>The prompts of a round, and how they were chosen.</summary>
/// <param name="Source">The prompt source's component name.</param>
/// <param name="AlgorithmVersion">The selection algorithm's version (part of consensus).</param>
/// <param name="Prompts">The prompts, in selection order.</param>
public sealed record PromptSet(string Source, string AlgorithmVersion, IReadOnlyList<Prompt> Prompts);

/// <summary>
/// Chooses a round's prompts deterministically from the round seed: two validators with the same seed and corpus
/// must choose byte-identical prompts on any OS.
/// </summary>
public interface IPromptSource
{
    /// <summary>Selects the prompts for a seed.</summary>
    /// <param name="seed">The round seed (or a sub-seed derived from it).</param>
    /// <param name="progress">Where to report progress.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PromptSet> SelectAsync(RoundSeed seed, IProgressReporter progress, CancellationToken cancellationToken);
}

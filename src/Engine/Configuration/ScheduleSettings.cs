using System.ComponentModel.DataAnnotations;

namespace Tournament.Engine.Configuration;

/// <summary>Which submissions a round scores.</summary>
public enum CandidateScheduling
{
    /// <summary>Every eligible submission, the king included, on one prompt set (one scoring call per round).</summary>
    All = 0,

    /// <summary>The king against at most <see cref="ScheduleSettings.MaxChallengers"/> challengers not yet evaluated, one duel after another.</summary>
    Queue = 1,
}

/// <summary>Which seed the prompt source is given.</summary>
public enum PromptSeeding
{
    /// <summary>One prompt set per round: <c>RoundSeed.Derive("prompts")</c>.</summary>
    Round = 0,

    /// <summary>One prompt set per challenger: <c>RoundSeed.ForChallenger(hotkey)</c> (needs <see cref="CandidateScheduling.Queue"/>).</summary>
    Challenger = 1,
}

/// <summary>The <c>Schedule</c> section of a mode: how a round picks its candidates and prompt seeds (docs/rounds.md).</summary>
public sealed class ScheduleSettings : IValidatableObject
{
    /// <summary>The most challengers a queue round evaluates.</summary>
    public const int MaxChallengersLimit = 256;

    /// <summary><c>All</c> (default) or <c>Queue</c>.</summary>
    public CandidateScheduling Candidates { get; init; } = CandidateScheduling.All;

    /// <summary>With <c>Queue</c>: at most this many challengers per round, oldest commit first (default 1).</summary>
    [Range(1, MaxChallengersLimit, ErrorMessage = "MaxChallengers must be between 1 and 256.")]
    public int MaxChallengers { get; init; } = 1;

    /// <summary><c>Round</c> (default) or <c>Challenger</c>.</summary>
    public PromptSeeding Prompts { get; init; } = PromptSeeding.Round;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Prompts == PromptSeeding.Challenger && Candidates != CandidateScheduling.Queue)
        {
            yield return new ValidationResult(
                "Per-challenger prompt seeds need queue scheduling: set Candidates to Queue, or Prompts to Round.", [nameof(Prompts)]);
        }
    }
}

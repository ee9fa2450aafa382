using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>The round runner's log messages.</summary>
internal static partial class RoundLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Round {Mode}@{Block} ({Hash}) is already committed; nothing to do.")]
    public static partial void AlreadyCommitted(ILogger logger, string mode, long block, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {Mode}@{Block} ({Hash}) starts; seed {Seed}; king {King}.")]
    public static partial void Starts(ILogger logger, string mode, long block, string hash, RoundSeed seed, SubmissionKey? king);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {Mode}@{Block} was committed by another process meanwhile; returning the stored result.")]
    public static partial void CommittedElsewhere(ILogger logger, string mode, long block);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {Mode}@{Block} committed; king {King}: {Explanation}")]
    public static partial void Committed(ILogger logger, string mode, long block, SubmissionKey? king, string explanation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Selected {Count} prompts with {Source} ({Algorithm}).")]
    public static partial void PromptsSelected(ILogger logger, int count, string source, string algorithm);

    [LoggerMessage(Level = LogLevel.Information, Message = "No candidate passed the checks this round; nothing to score.")]
    public static partial void NothingToScore(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scoring {Count} model(s) with {Scorer}.")]
    public static partial void Scoring(ILogger logger, int count, string scorer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scorer {Scorer} returned a result for {Submission}, which was not a candidate; ignored.")]
    public static partial void NotACandidate(ILogger logger, string scorer, SubmissionKey submission);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} queued challenger(s) meet the king this round, the oldest first ({First}).")]
    public static partial void Queued(ILogger logger, int count, SubmissionKey first);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duel {Challenger} against king {King}: king now {Winner}. {Explanation}")]
    public static partial void Duel(ILogger logger, SubmissionKey challenger, SubmissionKey? king, SubmissionKey? winner, string explanation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Weights set: {Weights}.")]
    public static partial void WeightsSet(ILogger logger, string weights);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped {Submission}: disqualified at block {Block} ([{Code}] {Message}).")]
    public static partial void SkippedDisqualified(ILogger logger, SubmissionKey submission, long block, string code, string message);
}

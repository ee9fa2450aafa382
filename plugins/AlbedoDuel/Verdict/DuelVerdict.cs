namespace Tournament.Plugins.AlbedoDuel.Verdict;

/// <summary>How a duel ended.</summary>
internal enum DuelOutcome
{
    /// <summary>The challenger passed both gates: it takes the crown (or, with the two-win rule, scores one win).</summary>
    ChallengerWins,

    /// <summary>The challenger did not pass a gate.</summary>
    KingKeeps,

    /// <summary>An exact 50/50: the king keeps the crown.</summary>
    Tie,

    /// <summary>Too few valid samples: an infrastructure fault, retried, never the challenger's loss.</summary>
    InfrastructureFailure,
}

/// <summary>One sample's judging, from the challenger's side.</summary>
/// <param name="SampleId">The sample id.</param>
/// <param name="Finished">Both sides produced a reply.</param>
/// <param name="PerJudge">Per judge: the five challenger-side metric scores (1 win, 0.5 draw, 0 loss), or null when that judge did not parse.</param>
internal sealed record SampleScores(string SampleId, bool Finished, IReadOnlyList<IReadOnlyList<double>?> PerJudge);

/// <summary>The verdict of a duel and every figure it rests on.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">One sentence.</param>
/// <param name="Challenger">The challenger's points (0–100).</param>
/// <param name="King">The king's points (100 − challenger).</param>
/// <param name="MetricMeans">Per judge, per metric: the mean over the samples that judge parsed.</param>
/// <param name="FinishedSamples">Samples where both sides replied.</param>
/// <param name="ValidSamples">Finished samples parsed by every judge.</param>
/// <param name="BootstrapLower">The bootstrap lower bound of the mean delta (NaN when no valid sample).</param>
internal sealed record DuelVerdict(
    DuelOutcome Outcome,
    string Reason,
    double Challenger,
    double King,
    IReadOnlyList<IReadOnlyList<double>> MetricMeans,
    int FinishedSamples,
    int ValidSamples,
    double BootstrapLower);

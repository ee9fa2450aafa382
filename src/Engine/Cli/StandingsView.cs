using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Cli;

/// <summary>The committed state of a mode as <c>tournament standings</c> shows it.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="King">The king, if any.</param>
/// <param name="LastRound">The last committed round, if any.</param>
/// <param name="Standings">The standings, best first.</param>
/// <param name="Disqualified">How many submissions are disqualified.</param>
internal sealed record StandingsView(string Mode, KingRecord? King, RoundSummary? LastRound, IReadOnlyList<ReportStanding> Standings, int Disqualified)
{
    public static async Task<StandingsView> LoadAsync(ModeComposition composition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var snapshot = await composition.State.Component.LoadAsync(composition.Mode, cancellationToken).ConfigureAwait(false);
        return new StandingsView(composition.Mode, snapshot.King, snapshot.LastRound, RoundReport.StandingsOf(snapshot.Standings), snapshot.Disqualifications.Count);
    }
}

using Microsoft.Extensions.Time.Testing;
using Tournament.Plugins.AlbedoDuel.Duel;

namespace Tournament.AlbedoDuel.Tests.Duel;

public sealed class DuelPhasesTests
{
    [Fact]
    public void Phases_AreConsecutiveLaps_TheirSumIsTheTimeSinceTheStart()
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        var phases = new DuelPhases(time);

        time.Advance(TimeSpan.FromSeconds(3));
        phases.End(DuelPhases.KingGeneration);
        time.Advance(TimeSpan.FromSeconds(5));
        phases.End(DuelPhases.ChallengerGeneration);
        phases.End(DuelPhases.Judging);
        time.Advance(TimeSpan.FromMilliseconds(250));
        phases.End(DuelPhases.Traces);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(DuelPhases.All, phases.Seconds.Keys);
        Assert.Equal(new[] { 3.0, 5.0, 0.0, 0.25 }, DuelPhases.All.Select(p => phases.Seconds[p]));
        Assert.Equal(8.25, phases.Seconds.Values.Sum());
        Assert.True(phases.Seconds.Values.Sum() <= time.GetElapsedTime(start).TotalSeconds);
    }
}

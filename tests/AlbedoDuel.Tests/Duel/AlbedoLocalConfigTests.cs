using Tournament.AlbedoDuel.Tests.Support;

namespace Tournament.AlbedoDuel.Tests.Duel;

/// <summary>samples/albedo-local/tournament.json composes: the duel scorer, the duel-margin rule, queue scheduling, per-challenger prompts.</summary>
public sealed class AlbedoLocalConfigTests
{
    [Fact]
    public async Task AlbedoLocalConfig_IsAcceptedByValidateConfig()
    {
        var config = Path.Combine(ShippedCorpus.RepoRoot(), "samples", "albedo-local", "tournament.json");

        var result = await TournamentCli.RunAsync("validate-config", "--config", config);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("active mode albedo", result.StandardOutput, StringComparison.Ordinal);
    }
}

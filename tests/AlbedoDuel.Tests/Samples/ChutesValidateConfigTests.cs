using Tournament.AlbedoDuel.Tests.Support;

namespace Tournament.AlbedoDuel.Tests.Samples;

/// <summary><c>tournament validate-config</c> on samples/albedo-chutes, as a real process: no key, no network.</summary>
public sealed class ChutesValidateConfigTests
{
    [Fact]
    public async Task ValidateConfig_ChutesEnsemble_IsAcceptedWithoutAKeyOrNetwork()
    {
        var result = await TournamentCli.RunAsync(new Dictionary<string, string?> { ["CHUTES_API_KEY"] = null }, "validate-config", "--config", ChutesSampleConfigTests.ConfigPath);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.StartsWith("OK", result.StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.Contains("active mode albedo", result.StandardOutput, StringComparison.Ordinal);
    }
}

using Tournament.Cli;
using Tournament.Engine.Cli;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Telemetry;

/// <summary><c>tournament run --metrics-urls</c> as a command: bad addresses exit 2; the real process serves its live metrics on loopback and stops on SIGTERM.</summary>
public sealed class RunMetricsCommandTests : IDisposable
{
    private readonly SampleCopy _sample = new();

    public void Dispose() => _sample.Dispose();

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("127.0.0.1:9464")]
    [InlineData("http://127.0.0.1:9464/metrics")]
    public async Task Run_BadMetricsUrl_OneSentenceExit2(string url)
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApplication.RunAsync(["run", "--config", config, "--max-rounds", "1", "--metrics-urls", url], output, error);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"--metrics-urls '{url}' is not an address like http://127.0.0.1:8787.", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("round(s) committed", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RealProcess_ServesLiveMetricsOnLoopbackUntilSigterm()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        Assert.Equal(0, (await TournamentCli.RunAsync("commit", "--config", config, "--hotkey", "alice", "--model", "alice/bigram-fine")).ExitCode);
        using var process = TournamentCli.Start("run", "--config", config, "--interval-seconds", "0.2", "--metrics-urls", "http://127.0.0.1:0");
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.True(line is not null, "run exited: " + (process.HasExited ? await stderr : ""));
            Assert.Matches(@"^Metrics at http://127\.0\.0\.1:\d+/metrics$", line);
            var drain = process.StandardOutput.ReadToEndAsync(timeout.Token);
            using var client = new HttpClient();
            var url = new Uri(line["Metrics at ".Length..]);

            PrometheusText metrics;
            do
            {
                await Task.Delay(200, timeout.Token);
                metrics = new PrometheusText(await client.GetStringAsync(url, timeout.Token));
            }
            while (metrics.Sum("tournament_rounds_total", ("mode", "example"), ("result", "committed")) < 1);

            Assert.True(metrics.Sum("tournament_round_candidates_total", ("mode", "example"), ("status", "scored")) >= 1);
            Assert.True(metrics.Single("tournament_round_step_duration_seconds_count", ("mode", "example"), ("step", "evaluate")) >= 1);
            Assert.Equal(0, await TournamentCli.TerminateAsync(process, timeout.Token));
            Assert.Matches(@"\d+ round\(s\) committed, 0 failed\.", await drain);
        }
        finally
        {
            await TournamentCli.KillAsync(process);
        }
    }
}

using Tournament.Cli;
using Tournament.Engine.Cli;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Serve;

/// <summary><c>tournament serve</c> as a command: bad addresses exit 2; the real process listens on loopback, answers, and stops on SIGTERM.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly SampleCopy _sample = new();

    public void Dispose() => _sample.Dispose();

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("not a url")]
    [InlineData("http://127.0.0.1:8787/prefix")]
    public async Task Serve_BadUrl_OneSentenceExit2(string url)
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApplication.RunAsync(["serve", "--config", config, "--urls", url], output, error);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"--urls '{url}' is not an address like http://127.0.0.1:8787.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RealProcess_PrintsLoopbackAddressAndAnswers()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        using var process = TournamentCli.Start("serve", "--config", config, "--urls", "http://127.0.0.1:0");
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.True(line is not null, "serve exited: " + (process.HasExited ? await stderr : ""));
            Assert.StartsWith("Serving http://127.0.0.1:", line, StringComparison.Ordinal);
            var url = line.Split(' ')[1];
            using var client = new HttpClient { BaseAddress = new Uri(url) };

            Assert.Equal("ok", await client.GetStringAsync(new Uri("/healthz", UriKind.Relative), timeout.Token));
            var page = await client.GetAsync(new Uri("/", UriKind.Relative), timeout.Token);
            Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

            Assert.Equal(0, await TournamentCli.TerminateAsync(process, timeout.Token)); // SIGTERM stops it cleanly
        }
        finally
        {
            await TournamentCli.KillAsync(process);
        }
    }
}

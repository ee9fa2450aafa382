using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Engine.Serve;
using Tournament.Engine.State;

namespace Tournament.Engine.Tests.Serve;

/// <summary>
/// serve beside run: a serve read snapshot held open while a real round commits neither blocks the commit nor sees
/// half of it; the next request sees the whole round.
/// </summary>
public sealed class ServeConcurrencyTests : IAsyncLifetime, IDisposable
{
    private readonly ServeSample _sample = new();

    public Task InitializeAsync() => _sample.InitializeAsync();

    public Task DisposeAsync() => _sample.DisposeAsync();

    public void Dispose() => _sample.Dispose();

    [Fact]
    public async Task ReadSnapshotOpen_RealRoundCommits_ReaderKeepsItsViewNextReadSeesTheRound()
    {
        var settings = ServeCommand.SettingsFor(_sample.Host, ["http://127.0.0.1:0"]);
        var state = new ServeState(settings.StatePath, new ServeMetrics());
        var tagBefore = (await _sample.Client.GetAsync(new Uri("/api/modes/example/standings", UriKind.Relative))).Headers.ETag!;

        var (before, committed, inside) = await state.ReadAsync(
            async (c, t) =>
            {
                var seen = await StateReader.ReadRoundsAsync(c, t, "example", 10, default);
                var round = await _sample.RoundAsync(); // commits while this read transaction is open
                var again = await StateReader.ReadRoundsAsync(c, t, "example", 10, default);
                return (seen.Count, round, again.Count);
            },
            default);

        Assert.False(committed.AlreadyCommitted);
        Assert.Equal((2, 2), (before, inside));
        var rounds = await _sample.GetJsonAsync("/api/modes/example/rounds");
        Assert.Equal(3, (int)rounds["total"]!);
        Assert.Equal(committed.Summary.BlockHash, (string?)rounds["items"]![0]!["blockHash"]);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/modes/example/standings");
        revalidate.Headers.IfNoneMatch.Add(tagBefore);
        using var response = await _sample.Client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the new round changed the tag
    }

    [Fact]
    public async Task ReadOnlyConnection_WriteAttempt_RefusedBySqlite()
    {
        var settings = ServeCommand.SettingsFor(_sample.Host, ["http://127.0.0.1:0"]);
        var state = new ServeState(settings.StatePath, new ServeMetrics());

        var ex = await Assert.ThrowsAsync<StateUnavailableException>(() => state.ReadAsync(
            (c, t) => Common.Sqlite.Sql.ExecuteAsync(c, t, "DELETE FROM standings;", default), default));

        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, (int)(await _sample.GetJsonAsync("/api/modes/example/standings"))["total"]!);
    }

    [Fact]
    public async Task MissingState_ApiAnswers503ProblemReadyzSaysWhy()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tournament-tests", "serve-" + Guid.NewGuid().ToString("N"));
        var app = ServeApp.Build(new ServeSettings
        {
            StatePath = Path.Combine(folder, "state.db"),
            ActiveMode = "example",
            Urls = ["http://127.0.0.1:0"],
            LoggerFactory = NullLoggerFactory.Instance,
        });
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            using var standings = await client.GetAsync(new Uri("/api/modes/example/standings", UriKind.Relative));
            using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, standings.StatusCode);
            Assert.Equal("application/problem+json", standings.Content.Headers.ContentType!.MediaType);
            Assert.DoesNotContain(folder, await standings.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("does not exist yet", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder), "serve must not create the state.");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace Tournament.Engine.Tests.Serve;

/// <summary>The JSON API of <c>tournament serve</c> over real HTTP on 127.0.0.1, over state built by two real example rounds.</summary>
public sealed class ServeApiTests(ServeSample sample) : IClassFixture<ServeSample>
{
    private const string Mode = "/api/modes/example";

    [Fact]
    public async Task Modes_ExampleState_ActiveModeWithBothRounds()
    {
        var modes = await sample.GetJsonAsync("/api/modes");

        Assert.Equal("example", (string?)modes["active"]);
        var example = Assert.Single(modes["modes"]!.AsArray())!;
        Assert.Equal(("example", true, 2L), ((string?)example["name"], (bool)example["active"]!, (long)example["rounds"]!));
    }

    [Fact]
    public async Task KingAndStandings_ExampleState_AliceKingMalloryOutDisqualifiedForCode()
    {
        var king = await sample.GetJsonAsync(Mode + "/king");
        var standings = await sample.GetJsonAsync(Mode + "/standings");
        var dqs = await sample.GetJsonAsync(Mode + "/disqualifications");

        Assert.Equal("alice", (string?)king["king"]!["key"]!["hotkey"]);
        Assert.Equal(1.0, (double)king["weights"]!["alice"]!);
        Assert.Equal(sample.RoundHashes[^1], (string?)king["lastRound"]!["blockHash"]);
        Assert.Equal(sample.RoundHashes[0], (string?)Assert.Single(king["history"]!.AsArray())!["blockHash"]);
        Assert.Equal(["alice", "bob", "carol", "dave"], standings["items"]!.AsArray().Select(s => (string?)s!["hotkey"]));
        Assert.Equal(4, (long)standings["total"]!);
        Assert.True((bool)standings["items"]![0]!["isKing"]!);
        Assert.Equal(2, (int)standings["items"]![0]!["roundsScored"]!);
        var dq = Assert.Single(dqs["items"]!.AsArray())!;
        Assert.Equal(("mallory", "forbidden-file", "example-no-code"), ((string?)dq["key"]!["hotkey"], (string?)dq["reasonCode"], (string?)dq["source"]));
    }

    [Fact]
    public async Task Rounds_Paged_NewestFirstAndBounded()
    {
        var first = await sample.GetJsonAsync(Mode + "/rounds?limit=1");
        var second = await sample.GetJsonAsync(Mode + "/rounds?limit=1&offset=1");
        var past = await sample.GetJsonAsync(Mode + "/rounds?offset=5");

        Assert.Equal((2L, 1), ((long)first["total"]!, first["items"]!.AsArray().Count));
        Assert.Equal(sample.RoundHashes[1], (string?)first["items"]![0]!["blockHash"]);
        Assert.Equal(sample.RoundHashes[0], (string?)second["items"]![0]!["blockHash"]);
        Assert.Empty(past["items"]!.AsArray());
    }

    [Fact]
    public async Task Round_OneRound_EveryOutcomeScoreReasonWeightsAndArtifacts()
    {
        var hash = sample.RoundHashes[0];

        var round = await sample.GetJsonAsync($"{Mode}/rounds/{hash}?prompts=true");

        var outcomes = round["outcomes"]!.AsArray().ToDictionary(o => (string)o!["hotkey"]!, o => o!);
        Assert.Equal(["alice", "bob", "carol", "dave", "mallory"], outcomes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("disqualified", (string?)outcomes["mallory"]["status"]);
        Assert.Contains("tokenize.py", (string?)outcomes["mallory"]["reason"], StringComparison.Ordinal);
        var alice = outcomes["alice"];
        Assert.Equal(("scored", 12), ((string?)alice["status"], (int)alice["promptsScored"]!));
        var prompts = alice["prompts"]!.AsArray().Select(p => (double)p!["value"]!).ToList();
        Assert.Equal(12, prompts.Count);
        Assert.Equal((double)alice["score"]!, prompts.Average(), 9);
        Assert.Equal(1.0, (double)round["weights"]!["alice"]!);
        Assert.Equal("mallory", (string?)Assert.Single(round["disqualifications"]!.AsArray())!["key"]!["hotkey"]);
        Assert.Contains(round["passedChecks"]!.AsArray(), p => (string?)p!["key"]!["hotkey"] == "alice" && (string?)p["check"] == "example-no-code");
        var report = round["artifacts"]!.AsArray().Single(a => (string?)a!["name"] == "report.json")!;
        var published = await sample.GetJsonAsync((string)report["url"]!);
        Assert.Equal(hash, (string?)published["blockHash"]);
        Assert.Null((await sample.GetJsonAsync($"{Mode}/rounds/{hash}"))["outcomes"]![0]!["prompts"]);
    }

    [Fact]
    public async Task Submission_History_ScoresPerRoundChecksAndDisqualification()
    {
        var dq = (await sample.GetJsonAsync(Mode + "/disqualifications"))["items"]![0]!["key"]!;
        var top = (await sample.GetJsonAsync(Mode + "/standings?limit=1"))["items"]![0]!;
        var alice = await sample.GetJsonAsync($"{Mode}/submissions/alice/{(long)top["commitBlock"]!}");
        var mallory = await sample.GetJsonAsync($"{Mode}/submissions/mallory/{(long)dq["commitBlock"]!}");

        Assert.StartsWith("alice/bigram-fine@", (string?)alice["model"], StringComparison.Ordinal);
        Assert.Equal(0, (int)alice["standing"]!["position"]!);
        Assert.Equal(sample.RoundHashes.AsEnumerable().Reverse(), alice["rounds"]!.AsArray().Select(r => (string?)r!["blockHash"]));
        Assert.All(alice["rounds"]!.AsArray(), r => Assert.Equal("scored", (string?)r!["status"]));
        Assert.Equal(["example-no-code", "example-bigram-valid"], alice["passedChecks"]!.AsArray().Select(c => (string?)c).Order(StringComparer.Ordinal).Reverse());
        Assert.Null(alice["disqualification"]);
        Assert.Null(mallory["standing"]);
        Assert.Equal("forbidden-file", (string?)mallory["disqualification"]!["reasonCode"]);
    }

    [Fact]
    public async Task Round_Timings_StepsComponentCallsAndTasksUpToTheCommit()
    {
        var round = await sample.GetJsonAsync($"{Mode}/rounds/{sample.RoundHashes[0]}");

        var timings = round["timings"]!.AsArray().Select(t => (Kind: (string)t!["kind"]!, Name: (string)t["name"]!, Seconds: (double)t["seconds"]!, Calls: (int)t["calls"]!)).ToList();
        Assert.Equal(["head", "state-load", "submissions", "evaluate", "weights"], timings.Where(t => t.Kind == "step").Select(t => t.Name));
        Assert.All(timings, t => Assert.True(t.Seconds >= 0 && t.Calls >= 1, t.ToString()));
        Assert.Contains(timings, t => t is { Kind: "component", Name: "scorer:example-bigram-ce", Calls: 1 });
        Assert.Contains(timings, t => t is { Kind: "component", Name: "storage:local", Calls: 9 }); // five described, four fetched (mallory fails a Metadata check)
        Assert.Contains(timings, t => t is { Kind: "component", Name: "check:example-no-code", Calls: 5 });
        Assert.Contains(timings, t => t is { Kind: "task", Name: "checks", Calls: 1 });
        Assert.DoesNotContain(timings, t => t.Name is "commit" or "artifacts"); // after the commit: live metrics only
    }

    [Fact]
    public async Task Submission_History_StandingScoreAfterEachRound()
    {
        var top = (await sample.GetJsonAsync(Mode + "/standings?limit=1"))["items"]![0]!;

        var alice = await sample.GetJsonAsync($"{Mode}/submissions/alice/{(long)top["commitBlock"]!}");

        var rounds = alice["rounds"]!.AsArray().Select(r => (Score: (double)r!["score"]!, Standing: (double)r["standingScore"]!)).ToList();
        Assert.Equal(2, rounds.Count);
        Assert.Equal((double)top["score"]!, rounds[0].Standing);
        Assert.NotEqual(rounds[0].Score, rounds[1].Score);
        // The example's best-score rule keeps the latest round's score as the standing score.
        Assert.All(rounds, r => Assert.Equal(r.Score, r.Standing));
    }

    [Fact]
    public async Task Chart_TwoRounds_OnePointPerScoredSubmissionAndRound()
    {
        var chart = await sample.GetJsonAsync(Mode + "/chart?rounds=10&top=3");

        Assert.Equal(2, chart["blocks"]!.AsArray().Count);
        var series = chart["series"]!.AsArray();
        Assert.Equal(["alice", "bob", "carol"], series.Select(s => (string?)s!["hotkey"]).Order(StringComparer.Ordinal));
        Assert.All(series, s => Assert.All(s!["scores"]!.AsArray(), v => Assert.True((double)v! > 0)));
    }

    [Fact]
    public async Task ETag_SameState_NotModifiedWithoutBody()
    {
        using var first = await sample.Client.GetAsync(new Uri(Mode + "/standings", UriKind.Relative));
        var tag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, Mode + "/standings");
        again.Headers.IfNoneMatch.Add(tag);

        using var second = await sample.Client.SendAsync(again);

        using var strong = new HttpRequestMessage(HttpMethod.Get, Mode + "/standings");
        strong.Headers.TryAddWithoutValidation("If-None-Match", tag.Tag); // the same tag without W/: weak comparison matches
        using var third = await sample.Client.SendAsync(strong);
        using var other = new HttpRequestMessage(HttpMethod.Get, Mode + "/standings");
        other.Headers.TryAddWithoutValidation("If-None-Match", "\"0-00000000\"");
        using var fourth = await sample.Client.SendAsync(other);

        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());
        Assert.True(tag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
    }

    [Fact]
    public async Task Metrics_ExampleState_StateDerivedSeriesAndHttpMetrics()
    {
        await sample.GetJsonAsync("/api/modes");

        var text = await sample.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("tournament_rounds{mode=\"example\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("tournament_candidate_outcomes{mode=\"example\",status=\"scored\"} 8", text, StringComparison.Ordinal);
        Assert.Contains("tournament_disqualifications{mode=\"example\",reason=\"forbidden-file\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("tournament_king_changes{mode=\"example\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("tournament_king_metric{mode=\"example\",metric=\"perplexity\"}", text, StringComparison.Ordinal);
        Assert.Contains("tournament_round_timing_rounds{mode=\"example\",kind=\"step\",name=\"evaluate\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("tournament_round_timing_calls{mode=\"example\",kind=\"component\",name=\"scorer:example-bigram-ce\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("tournament_last_round_timing_seconds{mode=\"example\",kind=\"task\",name=\"checks\"}", text, StringComparison.Ordinal);
        Assert.Contains("tournament_serve_state_read_duration_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_StateAndLocalChain_LiveAndReady()
    {
        var live = await sample.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        var ready = await sample.GetJsonAsync("/readyz");

        Assert.Equal("ok", live);
        Assert.True((bool)ready["ready"]!);
        Assert.StartsWith("head block ", (string?)ready["chain"]!["detail"], StringComparison.Ordinal);
        Assert.Contains("2 round(s)", (string?)ready["state"]!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryApiRouteWithResponses()
    {
        var document = await sample.GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject();
        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        Assert.Equal(
            ["/api/modes", "/api/modes/{mode}/chart", "/api/modes/{mode}/disqualifications", "/api/modes/{mode}/king", "/api/modes/{mode}/rounds",
             "/api/modes/{mode}/rounds/{blockHash}", "/api/modes/{mode}/rounds/{blockHash}/artifacts/{name}", "/api/modes/{mode}/standings",
             "/api/modes/{mode}/submissions/{hotkey}/{commitBlock}", "/healthz", "/readyz"],
            paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (path, item) in paths)
        {
            var responses = item!["get"]!["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("200"), path);
            if (path.StartsWith("/api/modes/{mode}", StringComparison.Ordinal))
            {
                Assert.NotNull(responses["404"]!["content"]!["application/problem+json"]);
                Assert.NotNull(responses["400"]!["content"]!["application/problem+json"]);
            }
        }

        var standing = document["components"]!["schemas"]!["StandingView"]!["properties"]!.AsObject();
        Assert.True(standing.ContainsKey("isKing") && standing.ContainsKey("score"));
    }
}

using System.Net;
using Tournament.Abstractions;
using Tournament.Engine.Telemetry;
using Tournament.Engine.Tests.Serve;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Telemetry;

/// <summary>
/// The live metrics of <c>run --metrics-urls</c>: the real listener on 127.0.0.1, scraped after two real example rounds
/// (the serve sample's). No timing is asserted: the series exist and their counts match the rounds and the committed state.
/// </summary>
public sealed class RunMetricsTests(ServeSample sample) : IClassFixture<ServeSample>
{
    private static readonly (string, string) Example = ("mode", "example");

    [Fact]
    public async Task Scrape_AfterTwoRounds_RoundAndStepSeriesCountBothRounds()
    {
        var metrics = await ScrapeAsync();

        Assert.Equal(2, metrics.Single("tournament_rounds_total", Example, ("result", "committed")));
        Assert.Equal(2, metrics.Single("tournament_round_duration_seconds_count", Example, ("result", "committed")));
        Assert.True(metrics.Single("tournament_round_duration_seconds_sum", Example, ("result", "committed")) > 0);
        foreach (var step in new[] { "head", "state-load", "submissions", "evaluate", "weights", "commit", "artifacts" })
        {
            Assert.Equal(2, metrics.Single("tournament_round_step_duration_seconds_count", Example, ("step", step)));
            Assert.True(metrics.Single("tournament_round_step_duration_seconds_sum", Example, ("step", step)) >= 0, step);
            Assert.Equal(2, metrics.Single("tournament_round_step_duration_seconds_bucket", Example, ("step", step), ("le", "+Inf")));
        }

        Assert.Equal(2, metrics.Single("tournament_progress_task_duration_seconds_count", Example, ("task", "checks")));
    }

    [Fact]
    public async Task Scrape_AfterTwoRounds_CandidatesAndChecksMatchTheCommittedState()
    {
        var live = await ScrapeAsync();
        var committed = new PrometheusText(await new HttpClient { BaseAddress = sample.BaseAddress }.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        foreach (var status in new[] { "scored", "disqualified" })
        {
            Assert.Equal(committed.Single("tournament_candidate_outcomes", Example, ("status", status)), live.Single("tournament_round_candidates_total", Example, ("status", status)));
        }

        Assert.Equal(8, live.Single("tournament_round_candidates_total", Example, ("status", "scored")));
        Assert.Equal(1, live.Single("tournament_check_results_total", Example, ("check", "example-no-code"), ("result", "disqualified"), ("reason", "forbidden-file")));
        foreach (var check in new[] { "example-no-code", "example-bigram-valid" })
        {
            // Once-checks run again only for submissions that have not passed them: each pass is counted once.
            Assert.Equal(committed.Single("tournament_check_passes", Example, ("check", check)), live.Single("tournament_check_results_total", Example, ("check", check), ("result", "passed")));
        }
    }

    [Fact]
    public async Task Scrape_AfterTwoRounds_EveryComponentCallIsTimed()
    {
        var live = await ScrapeAsync();
        var committed = new PrometheusText(await new HttpClient { BaseAddress = sample.BaseAddress }.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        const string calls = "tournament_component_call_duration_seconds_count";

        Assert.Equal(2, live.Single(calls, ("contract", "scorer"), ("component", "example-bigram-ce"), ("operation", "score"), ("outcome", "ok")));
        Assert.Equal(2, live.Single(calls, ("contract", "prompt-source"), ("component", "example-lines"), ("operation", "select"), ("outcome", "ok")));
        Assert.Equal(2, live.Single(calls, ("contract", "king-rule"), ("component", "best-score"), ("operation", "decide"), ("outcome", "ok")));
        Assert.Equal(2, live.Single(calls, ("contract", "chain"), ("component", "local-chain"), ("operation", "set-weights"), ("outcome", "ok")));
        Assert.Equal(1, live.Single(calls, ("contract", "check"), ("component", "example-no-code"), ("operation", "check"), ("outcome", "disqualified")));
        // report.json and standings.json of each round, published after the commit.
        Assert.Equal(4, live.Single(calls, ("contract", "storage"), ("component", "local"), ("operation", "publish"), ("outcome", "ok")));
        // Every call before the commit is also in the committed rounds' timings, one for one.
        foreach (var (contract, component) in new[] { ("chain", "local-chain"), ("storage", "local"), ("check", "example-no-code"), ("check", "example-bigram-valid"), ("scorer", "example-bigram-ce") })
        {
            var beforeCommit = live.Sum(calls, ("contract", contract), ("component", component)) - live.Sum(calls, ("contract", contract), ("component", component), ("operation", "publish"));
            Assert.Equal(committed.Single("tournament_round_timing_calls", Example, ("kind", "component"), ("name", $"{contract}:{component}")), beforeCommit);
        }

        Assert.Empty(live.Values("tournament_component_call_failures_total", ("contract", "chain")));
    }

    [Fact]
    public async Task Judge_AnswerAndFailure_TimedAndTheFailureCounted()
    {
        var judge = (IJudge)ComponentMeters.Decorate(typeof(IJudge), "test-judge", new ScriptedJudge(), sample.Host.Services);
        var request = new JudgeRequest([new ChatMessage("user", "Which reply is better?")]);

        Assert.True((await judge.JudgeAsync(request, default)).IsT0);
        Assert.True((await judge.JudgeAsync(request, default)).IsT1);
        var metrics = await ScrapeAsync();

        Assert.Equal("scripted", judge.Model);
        var judged = new[] { ("contract", "judge"), ("component", "test-judge"), ("operation", "ask") };
        Assert.Equal(1, metrics.Single("tournament_component_call_duration_seconds_count", [.. judged, ("outcome", "ok")]));
        Assert.Equal(1, metrics.Single("tournament_component_call_duration_seconds_count", [.. judged, ("outcome", "failed")]));
        Assert.Equal(1, metrics.Single("tournament_component_call_failures_total", judged));
    }

    [Fact]
    public async Task GrafanaDashboard_EveryTournamentSeriesItQueries_IsExported()
    {
        var dashboard = await File.ReadAllTextAsync(Path.Combine(FixturePlugins.RepoRoot, "docs", "grafana-tournament.json"));
        using var client = new HttpClient { BaseAddress = sample.BaseAddress };
        await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)); // serve's chain probe series
        var judge = (IJudge)ComponentMeters.Decorate(typeof(IJudge), "dashboard-judge", new ScriptedJudge(), sample.Host.Services);
        await judge.JudgeAsync(new JudgeRequest([new ChatMessage("user", "?")]), default);
        await judge.JudgeAsync(new JudgeRequest([new ChatMessage("user", "?")]), default); // a failure: the failures series
        var exported = await ScrapeTextAsync() + await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        var queried = System.Text.RegularExpressions.Regex.Matches(dashboard, "tournament_[a-z_]+").Select(m => m.Value).Distinct().ToList();
        Assert.True(queried.Count >= 20, string.Join(", ", queried));
        Assert.All(queried, name => Assert.Matches($"(?m)^(# TYPE )?{name}[{{ ]", exported));
    }

    [Fact]
    public async Task OtherPaths_NotFound()
    {
        using var client = new HttpClient { BaseAddress = sample.MetricsAddress };

        using var response = await client.GetAsync(new Uri("/api/modes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Only /metrics is served here.", await response.Content.ReadAsStringAsync());
    }

    private async Task<PrometheusText> ScrapeAsync() => new(await ScrapeTextAsync());

    private async Task<string> ScrapeTextAsync()
    {
        using var client = new HttpClient { BaseAddress = sample.MetricsAddress };
        return await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
    }

    /// <summary>Answers, then fails, alternately.</summary>
    private sealed class ScriptedJudge : IJudge
    {
        private int _calls;

        public string Model => "scripted";

        public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(Interlocked.Increment(ref _calls) % 2 == 1
                ? (JudgeResult)new JudgeAnswer("A", Model, "scripted", null, TimeSpan.Zero)
                : new JudgeFailure("The provider answered 503.", Retryable: true, "scripted"));
    }
}

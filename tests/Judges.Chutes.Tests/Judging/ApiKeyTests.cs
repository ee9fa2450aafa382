using Tournament.Abstractions;
using Tournament.Judges.Chutes.Tests.Infrastructure;
using Tournament.Plugins.Judges.Chutes.Client;

namespace Tournament.Judges.Chutes.Tests.Judging;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task ApiKey_EchoedByHostileProvider_OnlyEverInAuthorizationHeader()
    {
        // A provider that echoes the key back in every way it can: error messages, content, HTML.
        await using var server = await LoopbackServer.StartAsync((context, index) => (index % 5) switch
        {
            0 => Responses.ErrorAsync(context, 400, $"invalid key {Harness.Key}"),
            1 => Responses.ErrorAsync(context, 500, $"upstream rejected Bearer {Harness.Key}"),
            2 => Responses.JsonAsync(context, 200, $"{{\"error\":{{\"message\":\"key {Harness.Key} over quota\",\"code\":401}}}}"),
            3 => Responses.JsonAsync(context, 401, $"<html>{Harness.Key}</html>", "text/html"),
            _ => Responses.StreamAsync(context, "fine"),
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1")));
        var judge = harness.Judge();

        var results = new List<JudgeResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await judge.JudgeAsync(Calls.Request(), CancellationToken.None));
        }

        Assert.Equal(5, server.Count);
        Assert.All(server.Requests, request =>
        {
            Assert.Equal($"Bearer {Harness.Key}", request.Authorization);
            Assert.DoesNotContain(Harness.Key, request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Harness.Key, request.Path + request.Query, StringComparison.Ordinal);
            Assert.DoesNotContain(request.Headers, h => h.Key != "Authorization" && h.Value.Contains(Harness.Key, StringComparison.Ordinal));
        });
        Assert.Equal(4, results.Count(r => r.IsT1));
        Assert.All(results, result => Assert.DoesNotContain(Harness.Key, result.Match(a => a.ToString(), f => f.ToString()), StringComparison.Ordinal));
        Assert.Contains(results, r => r.IsT1 && r.AsT1.Reason.Contains("[redacted]", StringComparison.Ordinal));
        Assert.NotEmpty(harness.Logs.Lines);
        Assert.DoesNotContain(Harness.Key, harness.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_NetworkFailure_NotInFailureOrLogs()
    {
        string baseUrl;
        await using (var server = await LoopbackServer.StartAsync((_, _) => Task.CompletedTask))
        {
            baseUrl = server.BaseUrl;
        }

        using var harness = Harness.Create(Harness.Settings(baseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.DoesNotContain(Harness.Key, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.Key, harness.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKey_ToStringOfKeyAndEndpoint_IsRedacted()
    {
        var key = new ApiKey(Harness.Key);
        var endpoint = new ProviderEndpoint("chutes", "https://llm.chutes.ai", key);

        Assert.Equal("[redacted]", key.ToString());
        Assert.DoesNotContain(Harness.Key, endpoint.ToString(), StringComparison.Ordinal);
        Assert.Equal("say [redacted] twice [redacted]", key.Redact($"say {Harness.Key} twice {Harness.Key}"));
    }

    [Fact]
    public void Judge_MissingKey_FailsWithOneClearSentence()
    {
        var settings = Harness.Settings("http://127.0.0.1:9");
        settings.Remove("CHUTES_API_KEY");
        settings["Components:chutes:ApiKeyVariable"] = "TOURNAMENT_TEST_UNSET_KEY_VARIABLE";
        using var harness = Harness.Create(settings);

        var error = Assert.Throws<InvalidOperationException>(() => harness.Judge());

        Assert.Equal("The environment variable TOURNAMENT_TEST_UNSET_KEY_VARIABLE is empty or not set: export the chutes API key in it before starting judges.", error.Message);
    }
}

using Tournament.Judges.Chutes.Tests.Infrastructure;

namespace Tournament.Judges.Chutes.Tests.Judging;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task JudgeAsync_100ParallelCalls_NeverExceedPerModelLimit()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await Task.Delay(5, context.RequestAborted);
            await Responses.StreamAsync(context, "ok");
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl,
            ("Judges:0:MaxConcurrency", "4"), ("Judges:1:Model", "judge/b"), ("Judges:1:MaxConcurrency", "50")));
        var judge = harness.Judge();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => judge.JudgeAsync(Calls.Request(), CancellationToken.None)));

        Assert.All(results, result => Assert.Equal("ok", result.Answer().Text));
        Assert.Equal(100, server.Count);
        Assert.InRange(server.MaxInFlight, 1, 4);
    }

    [Fact]
    public async Task JudgeAsync_TwoJudgesSameModel_ShareTheLimit()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await Task.Delay(5, context.RequestAborted);
            await Responses.StreamAsync(context, "ok");
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl,
            ("MaxConcurrency", "3"), ("Judges:1:Model", "judge/a"), ("Judges:1:Name", "judge-a-again")));

        var calls = Enumerable.Range(0, 60).Select(i => harness.Judge(i % 2 == 0 ? "chutes:judge/a" : "judge-a-again").JudgeAsync(Calls.Request(), CancellationToken.None));
        var results = await Task.WhenAll(calls);

        Assert.All(results, result => Assert.Equal("ok", result.Answer().Text));
        Assert.InRange(server.MaxInFlight, 1, 3);
    }
}

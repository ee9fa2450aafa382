using System.Net.Http.Headers;
using Tournament.Plugins.Judges.Chutes.Client;

namespace Tournament.Judges.Chutes.Tests.Protocol;

public sealed class EndpointAndBackoffTests
{
    [Theory]
    [InlineData("https://llm.chutes.ai", "https://llm.chutes.ai/v1/chat/completions")]
    [InlineData("https://llm.chutes.ai/", "https://llm.chutes.ai/v1/chat/completions")]
    [InlineData("https://llm.chutes.ai/v1", "https://llm.chutes.ai/v1/chat/completions")]
    [InlineData("https://llm.chutes.ai/v1/chat/completions", "https://llm.chutes.ai/v1/chat/completions")]
    [InlineData("https://openrouter.ai/api", "https://openrouter.ai/api/v1/chat/completions")]
    [InlineData("https://openrouter.ai/api/v1/", "https://openrouter.ai/api/v1/chat/completions")]
    public void ChatCompletionsUri_AnyBaseForm_HasExactlyOneV1(string baseUrl, string expected)
    {
        Assert.Equal(expected, ProviderEndpoint.ChatCompletionsUri(baseUrl).ToString());
    }

    [Fact]
    public void Exponential_ManyAttempts_NeverPassesTheCap()
    {
        var random = new Random(99);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var delay = Backoff.Exponential(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), random.NextDouble());
            var ceiling = Math.Min(Math.Pow(2, Math.Min(attempt, 30)), 60);
            Assert.InRange(delay.TotalSeconds, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Throttle_RetryAfterAboveCap_IsCapped()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Backoff.Throttle(TimeSpan.FromHours(2), 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.3));
        Assert.Equal(TimeSpan.FromSeconds(7), Backoff.Throttle(TimeSpan.FromSeconds(7), 5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.3));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsTheTimeUntilThatDate()
    {
        var now = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(45), RetryAfter.From(new RetryConditionHeaderValue(now.AddSeconds(45)), now));
        Assert.Equal(TimeSpan.Zero, RetryAfter.From(new RetryConditionHeaderValue(now.AddSeconds(-45)), now));
        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfter.From(new RetryConditionHeaderValue(TimeSpan.FromSeconds(12)), now));
    }

    [Theory]
    [InlineData("1.5", 1500)]
    [InlineData("NaN", null)]
    [InlineData("-3", null)]
    [InlineData("soon", null)]
    public void RetryAfter_UntypedValues_ParsedOrIgnored(string raw, int? expectedMs)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", raw);

        var parsed = RetryAfter.From(response.Headers, DateTimeOffset.UnixEpoch);

        Assert.Equal(expectedMs is null ? null : TimeSpan.FromMilliseconds(expectedMs.Value), parsed);
    }
}

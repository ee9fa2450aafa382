using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tournament.Abstractions;
using Tournament.Inference.Remote;

namespace Tournament.Inference.Tests.Remote;

public sealed class OpenAiChatClientTests
{
    private const string Key = "sk-secret-123";

    private static readonly RemoteChatRequest Request = new("tiny-chat", [new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi ✓")])
    {
        Temperature = 0.7, TopP = 0.9, MaxTokens = 32, Seed = 1234567890123, Stop = ["\n\n", "END"], TopLogProbs = 2,
    };

    [Fact]
    public async Task CompleteAsync_NormalReply_SendsTheVllmFieldsAndParsesTheAnswer()
    {
        const string reply = """
            {"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hello ✓"},"finish_reason":"stop",
             "logprobs":{"content":[{"token":"Hello","logprob":-0.25,"top_logprobs":[{"token":"Hello","logprob":-0.25},{"token":"Hi","logprob":-1.5}]},
                                    {"token":" ✓","logprob":-0.5,"top_logprobs":[]}]}}],
             "usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}
            """;
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Reply(200, reply));

        var result = await Client(server).CompleteAsync(Request);

        Assert.Equal(("Hello ✓", "stop", 12, 2), (result.Text, result.FinishReason, result.PromptTokens, result.CompletionTokens));
        Assert.Equal(2, result.LogProbs.Count);
        Assert.Equal(("Hi", -1.5), result.LogProbs[0].Top[1]);
        var recorded = Assert.Single(server.Requests);
        var (path, auth, body) = (recorded.Path, recorded.Authorization, recorded.Json);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("Bearer " + Key, auth);
        Assert.Equal(
            """{"model":"tiny-chat","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi \u2713"}],"temperature":0.7,"max_tokens":32,"stream":false,"top_p":0.9,"seed":1234567890123,"stop":["\n\n","END"],"n":1,"logprobs":true,"top_logprobs":2}""",
            body!.ToJsonString());
    }

    public static TheoryData<int, string, string, bool, string> Failures => new()
    {
        { 400, "application/json", """{"error":{"message":"model 'tiny-chat' does not exist","code":404}}""", false, "answered HTTP 400: model 'tiny-chat' does not exist." },
        { 422, "application/json", """{"detail":"max_tokens too large"}""", false, "answered HTTP 422: max_tokens too large." },
        { 429, "application/json", """{"error":"slow down"}""", true, "answered HTTP 429: slow down." },
        { 503, "text/html", "<html><body>Bad gateway</body></html>", true, "an HTML page instead of JSON" },
        { 500, "text/plain", "", true, "answered HTTP 500: no error message." },
        { 200, "application/json", """{"choices":[{"message":{"content":"cut""", true, "invalid or truncated JSON." },
        { 200, "application/json", "[1,2,3]", true, "JSON that is not an object." },
        { 200, "application/json", """{"choices":[]}""", true, "with no choices." },
        { 200, "application/json", """{"choices":[{"message":{"content":5}}]}""", true, "content that is not a string." },
        { 200, "application/json", """{"choices":[{"message":{"content":"a"},"logprobs":{"content":[{"token":"a","logprob":0.5}]}}]}""", true, "a logprob that is not a number ≤ 0." },
        { 200, "application/json", """{"error":{"message":"engine dead","code":500}}""", true, "returned an error inside a successful response: engine dead." },
        { 200, "application/json", """{"error":{"message":"bad stop","code":400}}""", false, "bad stop." },
        { 200, "text/html", "<!doctype html><p>login</p>", true, "with an HTML page instead of a chat completion." },
        { 200, "application/json", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", true, "invalid or truncated JSON." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task CompleteAsync_ErrorOrMalformedReply_OneSentenceClassified(int status, string contentType, string body, bool transient, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Reply(status, body, contentType));

        var ex = await Assert.ThrowsAsync<RemoteChatException>(() => Client(server).CompleteAsync(Request));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("The server at http://127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Equal(transient, ex.Transient);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task CompleteAsync_OversizedBody_AbandonedAtTheLimit()
    {
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Reply(200, "{\"choices\":[{\"message\":{\"content\":\"" + new string('x', 300_000) + "\"}}]}"));

        var ex = await Assert.ThrowsAsync<RemoteChatException>(() => Client(server, maxBytes: 100_000).CompleteAsync(Request));

        Assert.Contains("sent more than 100000 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_BodyCutOffMidway_TransientFailure()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 10_000;
            await context.Response.WriteAsync("{\"choices\":[{\"message\":", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        });

        var ex = await Assert.ThrowsAsync<RemoteChatException>(() => Client(server).CompleteAsync(Request));

        Assert.True(ex.Transient);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task CompleteAsync_ServerNeverAnswers_TimesOutWithOneSentence()
    {
        await using var server = await LoopbackServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var ex = await Assert.ThrowsAsync<RemoteChatException>(() => Client(server, timeout: TimeSpan.FromMilliseconds(300)).CompleteAsync(Request));

        Assert.Contains("did not answer within 0.3 s.", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Transient);
    }

    [Fact]
    public async Task CompleteAsync_ErrorEchoingTheKey_KeyRedacted()
    {
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Reply(401, $$$"""{"error":{"message":"invalid key {{{Key}}}"}}"""));

        var ex = await Assert.ThrowsAsync<RemoteChatException>(() => Client(server).CompleteAsync(Request));

        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid key [redacted]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(401, ex.StatusCode);
    }

    public static TheoryData<RemoteChatRequest> HostileRequests => new()
    {
        Request with { Temperature = double.NaN },
        Request with { Temperature = -1 },
        Request with { TopP = 0 },
        Request with { TopP = 1.01 },
        Request with { MaxTokens = 0 },
        Request with { TopLogProbs = 21 },
        Request with { Messages = [] },
    };

    [Theory]
    [MemberData(nameof(HostileRequests))]
    public async Task CompleteAsync_HostileParameters_RefusedBeforeSending(RemoteChatRequest request)
    {
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Reply(200, "{}"));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client(server).CompleteAsync(request));

        Assert.Empty(server.Requests);
        Assert.EndsWith(".", ex.Message.Split(" (Parameter")[0], StringComparison.Ordinal);
    }

    private static OpenAiChatClient Client(LoopbackServer server, long maxBytes = 1 << 20, TimeSpan? timeout = null) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, new OpenAiChatClientOptions(server.BaseUri) { ApiKey = Key, MaxResponseBytes = maxBytes, Timeout = timeout ?? TimeSpan.FromSeconds(30) }, TimeProvider.System);
}

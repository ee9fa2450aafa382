using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Tournament.Abstractions;
using Tournament.Fuzzing;
using Tournament.Plugins.Judges.Chutes.Client;
using Tournament.Plugins.Judges.Chutes.Options;
using Tournament.Plugins.Judges.Chutes.Protocol;

namespace Tournament.Judges.Chutes.Tests.Fuzz;

/// <summary>
/// Issue 16: SSE streams and whole JSON answers from a judge provider. The fuzzed bodies go through the real
/// <see cref="ChatCompletionCall"/> (HTTP handler in memory; the socket path is covered by the loopback tests): a
/// generated stream's content round-trips into the answer; a mutated one gives an <see cref="AttemptResult"/>, never
/// an exception.
/// </summary>
[Collection(FuzzAlone.Name)]
public sealed class ResponseFuzzTests
{
    private static readonly Gen<string[]> Chunks = Gen.String[Gen.Char[" abcxyz{}[]\":,\\\n\t\u00e9\u4f60\u0001"], 0, 12].Array[1, 8];

    private static readonly Gen<(byte[] Body, string Text)> ValidStream = Chunks.Select(chunks =>
    {
        var body = new StringBuilder(": keep-alive\n\n");
        foreach (var chunk in chunks)
        {
            body.Append("data: ").Append(JsonSerializer.Serialize(new { choices = new[] { new { index = 0, delta = new { content = chunk } } } })).Append("\n\n");
        }

        body.Append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5}}\n\ndata: [DONE]\n\n");
        return (Body: Encoding.UTF8.GetBytes(body.ToString()), Text: string.Concat(chunks));
    });

    private static readonly Gen<(byte[] Body, string Text)> ValidWhole = Chunks.Select(chunks =>
    {
        var text = string.Concat(chunks);
        var json = JsonSerializer.Serialize(new { choices = new[] { new { index = 0, message = new { content = text }, finish_reason = "stop" } } });
        return (Body: Encoding.UTF8.GetBytes(json), Text: text);
    });

    [Fact]
    public async Task GeneratedStreamsAndAnswers_RoundTripIntoTheAnswerText()
    {
        var valid = Gen.Bool.SelectMany(stream => (stream ? ValidStream : ValidWhole).Select(v => (v.Body, v.Text, Stream: stream)));
        await new FuzzProperty("judge-response/valid").RunAsync(valid, v => v.Body.Length, async v =>
        {
            var result = await Send(v.Body, v.Stream);
            if (string.IsNullOrWhiteSpace(v.Text))
            {
                Assert.IsType<AttemptResult.Transient>(result);
            }
            else
            {
                Assert.Equal(v.Text, Assert.IsType<AttemptResult.Success>(result).Text);
            }
        }, ciIterations: 1_000);
    }

    [Fact]
    public async Task MutatedStreamsAndAnswers_AreClassified_NeverThrow()
    {
        var mutated = Gen.Bool.SelectMany(stream => (stream ? ValidStream : ValidWhole).SelectMany(v => Mutations.Of(v.Body)).Select(b => (Body: b, Stream: stream)));
        await new FuzzProperty("judge-response/mutated").RunAsync(mutated, v => v.Body.Length, async v =>
        {
            var result = await Send(v.Body, v.Stream);
            if (result is not AttemptResult.Success success)
            {
                var reason = result switch
                {
                    AttemptResult.Transient t => t.Reason,
                    AttemptResult.Throttled t => t.Reason,
                    AttemptResult.Fatal f => f.Reason,
                    _ => throw new InvalidOperationException("unknown result"),
                };
                Assert.False(string.IsNullOrWhiteSpace(reason));
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(success.Text));
            }
        }, ciIterations: 3_000);
    }

    private static async Task<AttemptResult> Send(byte[] body, bool stream)
    {
        using var http = new HttpClient(new FixedResponse(body, stream ? "text/event-stream" : "application/json"));
        var settings = new CallSettings(stream, JudgeTextMode.ReasoningAndContent, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 1 << 20);
        var call = new ChatCompletionCall(http, new ProviderEndpoint("fuzz", "http://127.0.0.1:9", new ApiKey("fuzz-key")), settings, TimeProvider.System);
        return await call.SendAsync("judge", new JudgeRequest([new ChatMessage("user", "Which is better?")]), default);
    }

    private sealed class FixedResponse(byte[] body, string mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tournament.KlDistil.Tests.Scoring;
using Tournament.Plugins.KlDistil.Teacher;

namespace Tournament.KlDistil.Tests.Teacher;

/// <summary>The openai backend against a Kestrel server on 127.0.0.1 that answers like vLLM from the local teacher.</summary>
public sealed class OpenAiTeacherBackendTests : IAsyncLifetime, IDisposable
{
    private readonly KlFixtures _fx = new();
    private readonly LocalTeacherBackend _local;
    private WebApplication? _app;
    private Func<JsonObject, HttpContext, Task>? _answer;
    private JsonObject? _lastRequest;

    public OpenAiTeacherBackendTests() => _local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");

    private static TeacherSettings Settings => new(12, 16, 4, 0, false, 0.7, 0.9);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.MapPost("/v1/completions", async (HttpContext http) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            _lastRequest = body;
            await (_answer ?? VllmAnswer)(body, http);
        });
        await _app.StartAsync();
    }

    [Fact]
    public void Generate_VllmAnswer_MapsIdsExactly()
    {
        using var backend = Backend();
        var ids = _local.Encode("Hello remote teacher.");

        var remote = backend.Generate(ids, Settings, 0, default);
        var local = _local.Generate(ids, Settings, 0, default);

        Assert.Equal(local.Ids, remote.Ids);
        Assert.Equal(local.TopIds.SelectMany(t => t), remote.TopIds.SelectMany(t => t));
        Assert.Equal(local.TopLogProbs.SelectMany(t => t), remote.TopLogProbs.SelectMany(t => t));
        Assert.Equal(16, (int)_lastRequest!["logprobs"]!);
        Assert.False((bool)_lastRequest["echo"]!);
        Assert.True((bool)_lastRequest["return_tokens_as_token_ids"]!);
        Assert.Equal(ids, _lastRequest["prompt"]!.AsArray().Select(n => (int)n!));
    }

    [Theory]
    [InlineData("5xx")]
    [InlineData("not-json")]
    [InlineData("truncated")]
    [InlineData("text-tokens")]
    [InlineData("length-mismatch")]
    [InlineData("out-of-vocab")]
    [InlineData("no-choices")]
    public void Generate_BadAnswer_ThrowsTeacherUnavailable(string kind)
    {
        _answer = async (body, http) =>
        {
            switch (kind)
            {
                case "5xx":
                    http.Response.StatusCode = 503;
                    return;
                case "not-json":
                    await http.Response.WriteAsync("<html>gateway</html>");
                    return;
                case "truncated":
                    var full = Answer(body).ToJsonString();
                    await http.Response.WriteAsync(full[..(full.Length / 2)]);
                    return;
                case "no-choices":
                    await http.Response.WriteAsync("{\"choices\":[]}");
                    return;
            }

            var answer = Answer(body);
            var logprobs = answer["choices"]![0]!["logprobs"]!.AsObject();
            if (kind == "text-tokens")
            {
                logprobs["tokens"]!.AsArray()[0] = "Hello";
            }
            else if (kind == "length-mismatch")
            {
                logprobs["top_logprobs"]!.AsArray().RemoveAt(0);
            }
            else
            {
                logprobs["tokens"]!.AsArray()[0] = $"token_id:{_local.VocabSize + 5}";
            }

            await http.Response.WriteAsJsonAsync(answer);
        };
        using var backend = Backend();

        Assert.Throws<TeacherUnavailableException>(() => backend.Generate(_local.Encode("Hi there."), Settings, 0, default));
    }

    [Fact]
    public void Generate_OversizedAnswer_ThrowsTeacherUnavailable()
    {
        _answer = async (_, http) =>
        {
            var chunk = new string(' ', 1 << 20);
            await http.Response.WriteAsync("{\"pad\":\"");
            for (var i = 0; i < 300; i++)
            {
                await http.Response.WriteAsync(chunk);
            }
        };
        using var backend = Backend();

        Assert.Throws<TeacherUnavailableException>(() => backend.Generate(_local.Encode("Hi there."), Settings, 0, default));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _local.Dispose();
        _fx.Dispose();
    }

    private OpenAiTeacherBackend Backend()
    {
        var address = _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OpenAiTeacherBackend(new HttpClient(), new Uri(address + "/"), "teacher", _fx.TeacherPath, _local.VocabSize);
    }

    private Task VllmAnswer(JsonObject body, HttpContext http) => http.Response.WriteAsJsonAsync(Answer(body));

    // What vLLM returns with return_tokens_as_token_ids: tokens "token_id:N", one top_logprobs object per token.
    private JsonObject Answer(JsonObject body)
    {
        var ids = body["prompt"]!.AsArray().Select(n => (int)n!).ToArray();
        var g = _local.Generate(ids, Settings with { TopK = (int)body["logprobs"]!, MaxNewTokens = (int)body["max_tokens"]! }, 0, default);
        var tops = new JsonArray();
        for (var i = 0; i < g.Ids.Length; i++)
        {
            var top = new JsonObject();
            for (var j = 0; j < g.TopIds[i].Length; j++)
            {
                top[$"token_id:{g.TopIds[i][j]}"] = g.TopLogProbs[i][j];
            }

            tops.Add(top);
        }

        var logprobs = new JsonObject { ["tokens"] = new JsonArray(g.Ids.Select(id => (JsonNode)$"token_id:{id}").ToArray()), ["top_logprobs"] = tops };
        return new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["text"] = "ignored", ["logprobs"] = logprobs }) };
    }
}

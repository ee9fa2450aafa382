using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Samples;
using Tournament.Plugins.AlbedoDuel.Verdict;
using Tournament.Plugins.Judges.Chutes;

namespace Tournament.AlbedoDuel.Tests.Duel;

/// <summary>
/// One duel end to end over real client paths: an OpenAI-compatible generation server (vLLM's
/// <c>/v1/chat/completions</c>) serves both models, two judges of the Chutes plugin stream SSE answers from a
/// Chutes-protocol server, both Kestrel on 127.0.0.1. The challenger replies with the trajectory's own turn, the king
/// with a lazy one; judge A answers in prose plus a fenced object, judge B garbles its first answer on every sample
/// (re-asked). The scorer's and the rule's traces are written to <see cref="TraceFolder"/>.
/// </summary>
public sealed class RemoteDuelFixture : IAsyncLifetime
{
    public const string Lazy = "THOUGHT: Let me look around first.\n\n```bash\nls -la\n```";
    public const string ApiKey = "sk-loopback-SECRET-7f3a";
    private const string Block = "0x7a41c0de7a41c0de7a41c0de7a41c0de7a41c0de7a41c0de7a41c0de7a41c0de";
    private readonly string _root = Directory.CreateTempSubdirectory("albedo-e2e-").FullName;
    private LoopbackServer? _generation;
    private LoopbackServer? _judges;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _garbled = new(StringComparer.Ordinal);

    public static Submission King { get; } = new("5KingHotkey", 1, 10, ModelRef.Parse("miner/king@" + new string('a', 40)));

    public static Submission Challenger { get; } = new("5ChallengerHotkey", 2, 20, ModelRef.Parse("miner/challenger@" + new string('b', 40)));

    public ScoreSheet Sheet { get; private set; } = null!;

    public KingDecision Decision { get; private set; } = null!;

    /// <summary>The scoring call's wall time, measured around it on the clock the scorer reads (<see cref="TimeProvider.System"/>).</summary>
    public TimeSpan ScoringWall { get; private set; }

    public List<Artifact> Artifacts { get; } = [];

    public string TraceFolder => Path.Combine(_root, "traces");

    public int GenerationRequests => _generation!.Count;

    public int JudgeRequests => _judges!.Count;

    public IReadOnlyList<string?> JudgeAuthorizations => _judges!.Authorizations;

    public async Task InitializeAsync()
    {
        var prompts = (await ShippedCorpus.Source(ShippedCorpus.ManifestPath, ShippedCorpus.ManifestSha256, count: 16)
            .SelectAsync(RoundSeed.FromBlockHash(Block).ForChallenger(Challenger.Hotkey), NullProgressReporter.Instance, CancellationToken.None)).Prompts;
        var originals = prompts.ToDictionary(p => string.Join("\u0001", p.Messages.Select(m => m.Content)), p => p.Metadata[SweTrajectorySelection.OriginalReplyKey]);
        _generation = await LoopbackServer.StartAsync((context, request, _) => Generate(context, request.Json!, originals));
        _judges = await LoopbackServer.StartAsync((context, request, index) => Judge(context, request.Json!, index));

        var template = Path.Combine(_root, "chatml.jinja");
        await File.WriteAllTextAsync(template, "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}<|im_start|>assistant\n");
        var options = new DuelScorerOptions
        {
            ChatTemplatePath = template, Judges = ["chutes:judge-a", "chutes:judge-b"], MaxNewTokens = 256,
            Endpoints =
            [
                new GenerationEndpoint { Repo = King.Model.Repo, BaseUrl = _generation.BaseUri.ToString(), Model = "king-model" },
                new GenerationEndpoint { Repo = Challenger.Model.Repo, BaseUrl = _generation.BaseUri.ToString(), Model = "challenger-model" },
            ],
        };
        using var provider = Services(_judges.BaseUri);
        var scorer = new DuelScorer(options, new HostEnvironment(_root, _root), provider, provider.GetRequiredService<ReferenceBook>(), TimeProvider.System,
            NullLogger<DuelScorer>.Instance, provider.GetRequiredService<IHttpClientFactory>());
        var sink = new ListSink(Artifacts);
        var round = new RoundContext("albedo", new ChainHead(4242, Block, DateTimeOffset.UnixEpoch), RoundSeed.FromBlockHash(Block), King.Key, NullProgressReporter.Instance, sink);
        var snapshot = new LocalSnapshot(King.Model, _root, []);
        var started = TimeProvider.System.GetTimestamp();
        Sheet = await scorer.ScoreAsync(new ScoringRequest(round, new PromptSet("swe-trajectories", SweTrajectorySelection.Version, prompts),
            [new Candidate(King, snapshot, true), new Candidate(Challenger, snapshot with { Model = Challenger.Model }, false)]), CancellationToken.None);
        ScoringWall = TimeProvider.System.GetElapsedTime(started);
        var rule = new DuelMarginRule(new DuelGates(), TimeProvider.System, NullLogger<DuelMarginRule>.Instance);
        Decision = rule.Decide(new KingRuleInput(round, new Standings([new StandingEntry(King, 50, 1, 4000, new Dictionary<string, double>())]), King.Key, false, [King, Challenger], Sheet));
        WriteTraces(Artifacts, TraceFolder);
    }

    public async Task DisposeAsync()
    {
        await _generation!.DisposeAsync();
        await _judges!.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Writes a duel's artifacts into a folder by file name (what an operator downloads from the artifact store).</summary>
    public static void WriteTraces(IEnumerable<Artifact> artifacts, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var artifact in artifacts)
        {
            File.WriteAllBytes(Path.Combine(folder, artifact.Key[(artifact.Key.LastIndexOf('/') + 1)..]), artifact.Content.ToArray());
        }
    }

    private static ServiceProvider Services(Uri judgeServer)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Components:chutes:BaseUrl"] = judgeServer.ToString(),
            ["Components:chutes:ApiKeyVariable"] = "ALBEDO_TEST_CHUTES_KEY",
            ["ALBEDO_TEST_CHUTES_KEY"] = ApiKey,
            ["Components:chutes:Judges:0:Model"] = "judge-a",
            ["Components:chutes:Judges:1:Model"] = "judge-b",
            ["Components:chutes:BaseDelay"] = "00:00:00.010",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReferenceBook>();
        services.AddHttpClient();
        new ChutesPluginModule().Register(new TestRegistrar(services, configuration));
        return services.BuildServiceProvider();
    }

    private static async Task Generate(HttpContext context, JsonNode body, Dictionary<string, string> originals)
    {
        var last = string.Join("\u0001", body["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
        var text = body["model"]!.GetValue<string>() == "challenger-model" ? originals[last] : Lazy;
        var reply = new JsonObject
        {
            ["id"] = "gen", ["object"] = "chat.completion",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text }, ["finish_reason"] = "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.ToJsonString(), context.RequestAborted);
    }

    private async Task Judge(HttpContext context, JsonNode body, int index)
    {
        var model = body["model"]!.GetValue<string>();
        var user = body["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();
        var one = Between(user, "<model_1_reply>\n", "\n</model_1_reply>");
        var better = one == Lazy ? 2 : 1;
        var verdict = $"{{\"correctness\": {better}, \"grounding\": {better}, \"progress\": {better}, \"protocol\": 0, \"efficiency\": {better}}}";
        var answer = model switch
        {
            "judge-a" => $"Both replies look plausible.\n```json\n{verdict}\n```",
            _ when _garbled.AddOrUpdate(user, 1, (_, n) => n + 1) == 1 => "{\"correctness\": \"maybe\"",
            _ => verdict,
        };
        context.Response.ContentType = "text/event-stream";
        var half = answer.Length / 2;
        foreach (var piece in new[] { answer[..half], answer[half..] })
        {
            var chunk = new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece } }) };
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", context.RequestAborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static string Between(string text, string start, string end)
    {
        var a = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[a..text.IndexOf(end, a, StringComparison.Ordinal)];
    }

    private sealed class ListSink(List<Artifact> items) : IArtifactSink
    {
        public void Add(Artifact artifact)
        {
            lock (items)
            {
                items.Add(artifact);
            }
        }
    }
}

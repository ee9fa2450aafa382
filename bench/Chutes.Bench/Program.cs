using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;
using Tournament.Bench.Chutes;
using Tournament.Plugins.Judges.Chutes;

// Client overhead of the Chutes judge against a loopback server, with a bare HttpClient doing the same request
// (same body, same header, body read to the end) as the reference in the same run.
var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
await using var server = await LoopbackChatServer.StartAsync();
const string key = "bench-key-not-a-secret";
var request = new JudgeRequest([new ChatMessage("system", "You are a judge."), new ChatMessage("user", "Compare MODEL 1 and MODEL 2.")], 0, 256, true, "bench");

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["CHUTES_API_KEY"] = key,
    ["Components:chutes:BaseUrl"] = server.BaseUrl,
    ["Components:chutes:Judges:0:Model"] = "bench/judge",
    ["Components:chutes:MaxConcurrency"] = "1024",
}).Build();
var services = new ServiceCollection();
services.AddLogging();
var registrar = new BenchRegistrar(services, configuration);
new ChutesPluginModule().Register(registrar);
await using var provider = services.BuildServiceProvider();
var judge = registrar.Judges.Single().Value(provider);

using var bare = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
var endpoint = new Uri(server.BaseUrl + "/v1/chat/completions");
var body = "{\"model\":\"bench/judge\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a judge.\"},{\"role\":\"user\",\"content\":\"Compare MODEL 1 and MODEL 2.\"}],\"temperature\":0,\"max_tokens\":256,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"response_format\":{\"type\":\"json_object\"}}"u8.ToArray();

async Task Bare()
{
    using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    using var response = await bare.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var stream = await response.Content.ReadAsStreamAsync();
    await stream.CopyToAsync(Stream.Null);
}

// The same HTTP attempt the judge makes, without the Polly pipeline and the judge around it (diagnostic row).
var attemptClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(Tournament.Plugins.Judges.Chutes.Client.ModelClient.HttpClientName);
var attempt = new Tournament.Plugins.Judges.Chutes.Client.ChatCompletionCall(
    attemptClient,
    new Tournament.Plugins.Judges.Chutes.Client.ProviderEndpoint("chutes", server.BaseUrl, new Tournament.Plugins.Judges.Chutes.Client.ApiKey(key)),
    new Tournament.Plugins.Judges.Chutes.Client.CallSettings(true, Tournament.Plugins.Judges.Chutes.Options.JudgeTextMode.ReasoningAndContent, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), 8 << 20),
    TimeProvider.System);

async Task Attempt()
{
    if (await attempt.SendAsync("bench/judge", request, CancellationToken.None) is not Tournament.Plugins.Judges.Chutes.Protocol.AttemptResult.Success)
    {
        throw new InvalidOperationException("The attempt failed.");
    }
}

var pipelineOnly = new Tournament.Plugins.Judges.Chutes.Client.ModelClient(
    provider.GetRequiredService<IHttpClientFactory>(),
    new Tournament.Plugins.Judges.Chutes.Client.ProviderEndpoint("chutes", server.BaseUrl, new Tournament.Plugins.Judges.Chutes.Client.ApiKey(key)),
    "bench/judge", 1024, new Tournament.Plugins.Judges.Chutes.Options.ChutesOptions(), TimeProvider.System,
    Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

async Task Pipeline()
{
    if (!(await pipelineOnly.ExecuteAsync(request, CancellationToken.None)).IsSuccess)
    {
        throw new InvalidOperationException("The pipeline failed.");
    }
}

async Task Judge()
{
    var result = await judge.JudgeAsync(request, CancellationToken.None);
    if (result.IsT1)
    {
        throw new InvalidOperationException(result.AsT1.Reason);
    }
}

Console.WriteLine($"Chutes judge client overhead, loopback SSE server, {calls} calls per row in 10 interleaved rounds, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
Console.WriteLine("judge = full IJudge call (Polly pipeline, limiter, parsing); attempt = one HTTP attempt with SSE parsing, no pipeline.");
Console.WriteLine("concurrency | bare p50 µs | bare p99 µs | judge p50 µs | judge p99 µs | overhead p50 µs | overhead p99 µs | ratio p50 | ratio p99");
const int Rounds = 10;
foreach (var concurrency in new[] { 1, 64 })
{
    await Measure(Bare, concurrency, Math.Min(calls, 5_000)); // warm-up
    await Measure(Judge, concurrency, Math.Min(calls, 5_000));
    await Measure(Attempt, concurrency, Math.Min(calls, 5_000));

    // Interleaved rounds, so drift in the machine's load hits the three clients alike.
    var (bares, judged, attempted, piped) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
    for (var round = 0; round < Rounds; round++)
    {
        bares.AddRange(await Measure(Bare, concurrency, calls / Rounds));
        judged.AddRange(await Measure(Judge, concurrency, calls / Rounds));
        attempted.AddRange(await Measure(Attempt, concurrency, calls / Rounds));
        piped.AddRange(await Measure(Pipeline, concurrency, calls / Rounds));
    }

    var (b, j, a, q) = (Percentiles(bares), Percentiles(judged), Percentiles(attempted), Percentiles(piped));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{concurrency,11} | {b.P50,11:0} | {b.P99,11:0} | {j.P50,12:0} | {j.P99,12:0} | {j.P50 - b.P50,15:0} | {j.P99 - b.P99,15:0} | {j.P50 / b.P50,9:0.00} | {j.P99 / b.P99,9:0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{"attempt",11} |             |             | {a.P50,12:0} | {a.P99,12:0} | {a.P50 - b.P50,15:0} | {a.P99 - b.P99,15:0} | {a.P50 / b.P50,9:0.00} | {a.P99 / b.P99,9:0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{"pipeline",11} |             |             | {q.P50,12:0} | {q.P99,12:0} | {q.P50 - b.P50,15:0} | {q.P99 - b.P99,15:0} | {q.P50 / b.P50,9:0.00} | {q.P99 / b.P99,9:0.00}"));
}

static (double P50, double P99) Percentiles(List<double> latencies)
{
    latencies.Sort();
    return (latencies[(int)(latencies.Count * 0.50)], latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))]);
}

static async Task<double[]> Measure(Func<Task> call, int concurrency, int total)
{
    var latencies = new double[total];
    var next = -1;
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < total)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
    });
    await Task.WhenAll(workers);
    return latencies;
}

internal sealed class BenchRegistrar(IServiceCollection services, IConfiguration configuration) : IPluginRegistrar
{
    public Dictionary<string, Func<IServiceProvider, IJudge>> Judges { get; } = [];

    public IServiceCollection Services => services;

    public IConfiguration Configuration => configuration;

    public void AddComponent<TContract>(string name, Func<IServiceProvider, TContract> factory, string? description = null)
        where TContract : class =>
        Judges.Add(name, sp => (IJudge)factory(sp));

    public void ClaimOptionsSection(string name)
    {
        // The bench binds the Chutes section through the module; nothing else validates it.
    }
}

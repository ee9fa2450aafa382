using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Bench.Serve;
using Tournament.Engine.Serve;

// Requests/s and latency of tournament serve's standings endpoint over loopback, on a synthetic state of
// <submissions> x <rounds> written through the state store, with /healthz (no state read) as the reference in the
// same run, then the standings again after dropping the position index (the schema v3 plan). Arguments: [submissions=1000] [rounds=200] [seconds=10] [clients=8].
var submissions = Arg(0, 1000);
var rounds = Arg(1, 200);
var seconds = Arg(2, 10);
var clients = Arg(3, 8);
var folder = Path.Combine(Path.GetTempPath(), "tournament-serve-bench-" + Guid.NewGuid().ToString("N"));
try
{
    var generate = Stopwatch.StartNew();
    var path = await SyntheticState.CreateAsync(folder, submissions, rounds, prompts: 4);
    Console.WriteLine($"state: {submissions} submissions x {rounds} rounds, {new FileInfo(path).Length / 1048576.0:F1} MiB, written in {generate.Elapsed.TotalSeconds:F1} s");
    var app = ServeApp.Build(new ServeSettings { StatePath = path, ActiveMode = SyntheticState.Mode, Urls = ["http://127.0.0.1:0"], LoggerFactory = NullLoggerFactory.Instance });
    await app.StartAsync();
    try
    {
        var baseUrl = new Uri(app.Urls.Single());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = baseUrl };
        var standings = $"/api/modes/{SyntheticState.Mode}/standings";
        var etag = (await http.GetAsync(new Uri(standings, UriKind.Relative))).Headers.ETag!.ToString();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine($"{clients} concurrent clients, {seconds} s per case, loopback {baseUrl}; {Environment.ProcessorCount} cores, load average {load} at start");
        Console.WriteLine($"{"case",-44} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"CPU ms/req",11} {"KiB/resp",9} {"req/s vs healthz",17}");
        var reference = await Load.RunAsync(http, "/healthz", null, clients, seconds);
        Print("GET /healthz (reference, no state read)", reference, reference);
        Print("GET standings, If-None-Match -> 304", await Load.RunAsync(http, standings, etag, clients, seconds), reference);
        var submission = $"/api/modes/{SyntheticState.Mode}/submissions/5Hotkey{submissions / 2:D6}/{submissions / 2}";
        Print("GET submission (200 rounds, score + standing)", await Load.RunAsync(http, submission, null, clients, seconds), reference);

        // The standings pages with the position index and without it (schema v3's plan: every page sorts the table),
        // on the same state, alternating twice so that a drift of the machine's load hits both alike.
        foreach (var pass in new[] { 1, 2 })
        {
            foreach (var indexed in new[] { true, false })
            {
                await SetIndexAsync(path, indexed);
                var tag = indexed ? "index" : "no index";
                Print($"{tag} #{pass}: standings (100 rows)", await Load.RunAsync(http, standings, null, clients, seconds), reference);
                Print($"{tag} #{pass}: standings?limit=1000", await Load.RunAsync(http, standings + "?limit=1000", null, clients, seconds), reference);
                Print($"{tag} #{pass}: standings?offset=900", await Load.RunAsync(http, standings + "?offset=900", null, clients, seconds), reference);
            }
        }
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
finally
{
    if (Environment.GetEnvironmentVariable("SERVE_BENCH_KEEP") != "1")
    {
        Directory.Delete(folder, recursive: true);
    }
    else
    {
        Console.WriteLine("kept " + folder);
    }
}

static async Task SetIndexAsync(string path, bool present)
{
    await using var writer = new SqliteConnection($"Data Source={path};Pooling=False");
    await writer.OpenAsync();
    using var command = writer.CreateCommand();
    command.CommandText = present
        ? "CREATE INDEX IF NOT EXISTS standings_by_position ON standings (mode, position);"
        : "DROP INDEX IF EXISTS standings_by_position;";
    await command.ExecuteNonQueryAsync();
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

static void Print(string name, Load.Result result, Load.Result reference) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-44} {result.PerSecond,9:F0} {result.P50Ms,8:F2} {result.P99Ms,8:F2} {result.CpuMs,11:F3} {result.Bytes / 1024.0,9:F1} {result.PerSecond / reference.PerSecond,16:F3}x"));

/// <summary>A closed-loop load: <c>clients</c> tasks each sending the next request when the last one finished.</summary>
internal static class Load
{
    /// <param name="CpuMs">Process CPU time (server and client together) per request: less sensitive to a loaded machine than wall time.</param>
    public sealed record Result(double PerSecond, double P50Ms, double P99Ms, long Bytes, double CpuMs);

    public static async Task<Result> RunAsync(HttpClient http, string path, string? etag, int clients, int seconds)
    {
        await OneAsync(http, path, etag); // warm-up
        var cpu = Environment.CpuUsage.TotalTime;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        long bytes = 0;
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            var times = new List<double>();
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                var size = await OneAsync(http, path, etag);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Exchange(ref bytes, size);
            }

            return times;
        }).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(t => t).Order().ToList();
        var cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / all.Count;
        return new Result(all.Count / (double)seconds, all[all.Count / 2], all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.99) - 1)], bytes, cpuMs);
    }

    private static async Task<long> OneAsync(HttpClient http, string path, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotModified))
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }

        return body.Length;
    }
}

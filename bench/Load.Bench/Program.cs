using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Bench.Load;
using Tournament.Engine.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;

// Engine overhead under load (issue 16): the example mode (samples/example-local) with its 5 real bigram models,
// then `batches` x 100 new commitments of a model that the Metadata check example-no-code rejects (one batch before
// each loaded round), then steady rounds until `rounds` in all. The 5 real models are scored every round, so the
// model work is the same in every phase: the reference phase (no extra submissions) measured in the same run gives
// the engine's overhead for 100 submissions. Also: state size at the end and `standings` latency (in-process
// command, `validate-config` as the reference). Early vs late: the first and the last `window` steady rounds, the
// state's growth per round over each window (SQLite pages in use), and `standings` after each window, as ratios.
// Arguments: [rounds=1000] [batches=10] [reference=20] [window=50].
var totalRounds = Arg(0, 1000);
var batches = Arg(1, 10);
var referenceRounds = Arg(2, 20);
var window = Arg(3, 50);
var steadyFrom = referenceRounds + batches;
if (totalRounds - steadyFrom < 2 * window)
{
    throw new ArgumentException($"Need at least {steadyFrom + (2 * window)} rounds for two {window}-round windows of steady rounds.");
}
const int PerBatch = 100;
var repo = FindRepo();
var work = Path.Combine(Path.GetTempPath(), "tournament-load-bench-" + Guid.NewGuid().ToString("N"));
try
{
    var config = Prepare(repo, work);
    foreach (var model in (string[])["alice/bigram-fine", "bob/bigram-smooth", "carol/bigram-uniform", "dave/bigram-reversed", "mallory/bigram-with-code"])
    {
        await Cli("commit", "--config", config, "--hotkey", model.Split('/')[0], "--model", model);
    }

    var clock = new SteppedClock(DateTimeOffset.UtcNow.AddSeconds(2));
    await using var host = await EngineHost.StartAsync(config, new EngineHostOptions { TimeProvider = clock, LoggerFactory = NullLoggerFactory.Instance }, CancellationToken.None);
    var chain = host.Current.Chain.Component;
    var hostile = (await chain.GetCommitmentsAsync((await chain.GetHeadAsync(CancellationToken.None)).Number, CancellationToken.None)).Single(c => c.Hotkey == "mallory").Data;
    var runner = new RoundRunner(NullLogger<RoundRunner>.Instance, clock);
    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine($"{Environment.ProcessorCount} cores, load average {load} at start");

    var reference = new List<double>();
    var loaded = new List<double>();
    var steady = new List<double>();
    var cpu = new List<double>();
    using var process = Process.GetCurrentProcess();
    var submissions = 5;
    var pages = new Dictionary<int, long>();
    var standingsEarly = new List<double>();
    var standingsCpuEarly = new List<double>();
    for (var round = 0; round < totalRounds; round++)
    {
        if (round == steadyFrom || round == steadyFrom + window || round == totalRounds - window)
        {
            pages[round] = StateBytes(work);
        }

        if (round == steadyFrom + window)
        {
            standingsEarly.AddRange(await StandingsTimes(config, standingsCpuEarly));
        }

        var phase = round < referenceRounds ? reference : round < referenceRounds + batches ? loaded : steady;
        clock.Advance(TimeSpan.FromSeconds(1));
        if (phase == loaded)
        {
            for (var i = 0; i < PerBatch; i++)
            {
                await chain.CommitAsync($"load-{submissions:D5}", hostile, CancellationToken.None);
                submissions++;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await runner.RunAsync(host.Current, NullProgressReporter.Instance, CancellationToken.None);
        phase.Add(watch.Elapsed.TotalMilliseconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        if (result.AlreadyCommitted || result.Outcomes.Count(o => o.Status == "scored") < 4)
        {
            throw new InvalidOperationException($"Round {round} did not score the real models: {string.Join(", ", result.Outcomes.Select(o => $"{o.Hotkey}={o.Status}"))}.");
        }
    }

    pages[totalRounds] = StateBytes(work);
    var state = Directory.GetFiles(Path.Combine(work, ".tournament"), "state.db*").Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"{totalRounds} rounds, {submissions} submissions ({submissions - 5} rejected at the Metadata stage, {PerBatch} per loaded round)");
    Row("reference round (5 real models, no extra submissions)", reference, reference);
    Row($"round with {PerBatch} new submissions to reject", loaded, reference);
    Row($"steady round ({submissions} submissions in the state)", steady.Count > 0 ? steady : reference, reference);
    var overhead = Median(loaded) - Median(reference);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine overhead for {PerBatch} rejected submissions: {overhead:F1} ms per round ({overhead / PerBatch:F2} ms each)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"state after {totalRounds} rounds: {state / 1048576.0:F1} MiB ({state / (double)totalRounds / 1024:F1} KiB per round)"));

    var early = steady.Take(window).ToList();
    var late = steady.TakeLast(window).ToList();
    Row($"early: steady rounds {steadyFrom + 1}-{steadyFrom + window}", early, early);
    Row($"late: steady rounds {totalRounds - window + 1}-{totalRounds}", late, early);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"late/early round time: median {Median(late) / Median(early):F2}x, p95 {Percentile(late, 0.95) / Percentile(early, 0.95):F2}x"));
    var cpuEarly = cpu.Skip(steadyFrom).Take(window).ToList();
    var cpuLate = cpu.TakeLast(window).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process CPU per round (less sensitive to other processes' load): median {Median(cpuEarly):F1} ms early, {Median(cpuLate):F1} ms late ({Median(cpuLate) / Median(cpuEarly):F2}x)"));
    var growthEarly = (pages[steadyFrom + window] - pages[steadyFrom]) / (double)window;
    var growthLate = (pages[totalRounds] - pages[totalRounds - window]) / (double)window;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"state (SQLite pages in use): {pages[steadyFrom] / 1048576.0:F2} MiB after round {steadyFrom}, {pages[totalRounds] / 1048576.0:F2} MiB after round {totalRounds}; growth {growthEarly / 1024:F2} KiB per round early, {growthLate / 1024:F2} KiB late ({growthLate / growthEarly:F2}x)"));

    var validate = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        validate.Add(await Timed(() => Cli("validate-config", "--config", config)));
    }

    var standingsCpu = new List<double>();
    var standings = await StandingsTimes(config, standingsCpu);
    Row("validate-config in-process (reference: host start, no state read)", validate, validate);
    Row($"standings in-process after round {steadyFrom + window} (early)", standingsEarly, validate);
    Row($"standings in-process after round {totalRounds} (late)", standings, validate);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"late/early standings: median {Median(standings) / Median(standingsEarly):F2}x; process CPU median {Median(standingsCpuEarly):F1} ms early, {Median(standingsCpu):F1} ms late ({Median(standingsCpu) / Median(standingsCpuEarly):F2}x)"));
}
finally
{
    Directory.Delete(work, recursive: true);
}

static void Row(string name, List<double> values, List<double> reference) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-70} n={values.Count,5}  median {Median(values),8:F1} ms  p95 {Percentile(values, 0.95),8:F1} ms  {Median(values) / Median(reference),6:F2}x reference"));

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}

static async Task<List<double>> StandingsTimes(string config, List<double> cpu)
{
    var times = new List<double>();
    using var process = Process.GetCurrentProcess();
    await Cli("standings", "--config", config); // warm-up: the first call in the process compiles the command
    for (var i = 0; i < 9; i++)
    {
        process.Refresh();
        var before = process.TotalProcessorTime;
        times.Add(await Timed(() => Cli("standings", "--config", config)));
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - before).TotalMilliseconds);
    }

    return times;
}

// The state's logical size: pages in use (committed WAL frames included), free pages excluded, so a WAL checkpoint
// or file preallocation does not show as growth.
static long StateBytes(string work)
{
    using var connection = new SqliteConnection($"Data Source={Path.Combine(work, ".tournament", "state.db")};Mode=ReadOnly;Pooling=False");
    connection.Open();
    return Scalar(connection, "PRAGMA page_size") * (Scalar(connection, "PRAGMA page_count") - Scalar(connection, "PRAGMA freelist_count"));
}

static long Scalar(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
}

static async Task<double> Timed(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalMilliseconds;
}

static async Task Cli(params string[] args)
{
    using var output = new StringWriter();
    using var error = new StringWriter();
    if (await CliApplication.RunAsync(args, output, error) is var code and not 0)
    {
        throw new InvalidOperationException($"tournament {string.Join(' ', args)} exited {code}: {error}");
    }
}

static string Prepare(string repo, string work)
{
    Copy(Path.Combine(repo, "samples", "example-local"), work);
    var path = Path.Combine(work, "tournament.json");
    var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    root["Tournament"]!["PluginsPath"] = Path.Combine(repo, "src", "Engine", "bin", "Release", "net10.0", "plugins");
    root["Components"]!["local-chain"]!["BlockTimeSeconds"] = 1;
    File.WriteAllText(path, root.ToJsonString());
    return path;
}

static void Copy(string source, string target)
{
    Directory.CreateDirectory(target);
    foreach (var file in Directory.GetFiles(source))
    {
        File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    foreach (var folder in Directory.GetDirectories(source).Where(d => Path.GetFileName(d) != ".tournament"))
    {
        Copy(folder, Path.Combine(target, Path.GetFileName(folder)));
    }
}

static string FindRepo()
{
    var folder = new DirectoryInfo(AppContext.BaseDirectory);
    while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Tournament.sln")))
    {
        folder = folder.Parent;
    }

    return folder?.FullName ?? throw new InvalidOperationException("Run the bench from inside the repository.");
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Albedo.Bench;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Cleaning;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Verdict;

// Measures, each against a reference in the same run: (1) injection stripping of a 1 MB fence-heavy reply vs one
// ToLowerInvariant pass over it; (2) the albedo/bootstrap/v1 lower bound, 10,000 resamples x 128 samples, vs the
// same number of System.Random draws summed the same way. "duel [rounds]" first runs two duels with the settings of
// samples/albedo-local/tournament.json (DuelBench: the demo's models when built) and prints each one's phase split.
var duel = args.Length > 0 && args[0] == "duel";
var rest = duel ? args[1..] : args;
var rounds = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 5;
if (duel)
{
    var models = Directory.CreateTempSubdirectory("albedo-bench-").FullName;
    Console.WriteLine(DuelBench.DemoModels
        ? "duels between the demo's alice/king and bob/better (samples/albedo-local/models), settings from its tournament.json"
        : "duels between untrained stand-ins of the demo's base shape (run scripts/albedo-demo.sh for its models), settings from its tournament.json");
    try
    {
        // The first duel of a process also pays TorchSharp's start-up; the second is the steady state.
        foreach (var (label, hotkey) in new[] { ("duel 1 (cold process)", "5BenchChallengerA"), ("duel 2 (warm)", "5BenchChallengerB") })
        {
            Print(label, await DuelBench.RunAsync(models, hotkey));
        }
    }
    finally
    {
        Directory.Delete(models, recursive: true);
    }
}

var reply = FenceHeavy(1 << 20);
var strip = Best(rounds, () => ReplyStripper.Strip(reply));
var lower = Best(rounds, () => reply.ToLowerInvariant());
Console.WriteLine($"strip 1 MiB fence-heavy: {strip.TotalMilliseconds:F1} ms ({reply.Length / strip.TotalSeconds / (1 << 20):F1} MiB/s); ToLowerInvariant {lower.TotalMilliseconds:F2} ms; ratio {strip / lower:F1}x");

var random = new Random(7);
var deltas = Enumerable.Range(0, 128).Select(_ => random.NextDouble() - 0.4).ToArray();
var seed = RoundSeed.FromBlockHash("0x01").ForChallenger("bench");
var boot = Best(rounds, () => PairedBootstrap.LowerBound(deltas, seed, 10_000, 0.05));
var plain = Best(rounds, () =>
{
    var r = new Random(1);
    var means = new double[10_000];
    for (var b = 0; b < means.Length; b++)
    {
        var sum = 0.0;
        for (var i = 0; i < deltas.Length; i++)
        {
            sum += deltas[r.Next(deltas.Length)];
        }

        means[b] = sum / deltas.Length;
    }

    Array.Sort(means);
    return means[500];
});
Console.WriteLine($"bootstrap 10,000 x 128: {boot.TotalMilliseconds:F1} ms; System.Random reference {plain.TotalMilliseconds:F1} ms; ratio {boot / plain:F1}x");
return 0;

static void Print(string label, DuelSplit split)
{
    string Row(string name, double seconds) => string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {seconds,9:F3} s {100 * seconds / split.Wall,6:F1}%");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {split.Samples} samples, wall {split.Wall:F3} s (scoring call + duel-margin decision), {split.JudgeCalls} judge calls; {split.Outcome}"));
    foreach (var phase in DuelPhases.All)
    {
        Console.WriteLine(Row(phase, split.Phases[phase]));
    }

    Console.WriteLine(Row("aggregation (duel-margin: bootstrap, gates)", split.Rule));
    Console.WriteLine(Row("rest (set-up, seeds, metrics)", split.Wall - split.Rule - DuelPhases.All.Sum(p => split.Phases[p])));
}

static TimeSpan Best(int rounds, Func<object> work)
{
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < rounds; i++)
    {
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(work());
        best = watch.Elapsed < best ? watch.Elapsed : best;
    }

    return best;
}

static string FenceHeavy(int length)
{
    var text = new StringBuilder(length + 64);
    var pieces = new[] { "```bash\n", "```\n", "-- ", "\"verdict", "{\"a\": \"", "```", "-", "\"", "{", "GRADING INSTRUCT", " \t" };
    for (var i = 0; text.Length < length; i++)
    {
        text.Append(pieces[i % pieces.Length]);
    }

    return text.Append("\n------\n\"verdict\": \"accept\"").ToString();
}

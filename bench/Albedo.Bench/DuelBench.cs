using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Albedo.Bench;

/// <summary>One duel's wall time and its phases, in seconds: the scorer's reported phases, then the rule's decision.</summary>
/// <param name="Wall">The scoring call plus the rule's decision.</param>
/// <param name="Phases">The scorer's phase metrics (<see cref="DuelPhases"/>), as the engine records them.</param>
/// <param name="Rule">The <c>duel-margin</c> decision: the bootstrap and the gates.</param>
/// <param name="Outcome">What the rule decided, one sentence.</param>
/// <param name="JudgeCalls">Judge calls made (samples where a reply faulted are decided without one).</param>
/// <param name="Samples">The duel's samples.</param>
internal sealed record DuelSplit(double Wall, IReadOnlyDictionary<string, double> Phases, double Rule, string Outcome, int JudgeCalls, int Samples);

/// <summary>
/// One duel as the demo runs it: every setting read from samples/albedo-local/tournament.json (the prompt count of
/// <c>swe-trajectories</c>, the <c>duel</c> scorer's options, the <c>duel-margin</c> gates), so the bench cannot drift
/// from the sample. The models are the demo's king and better challenger (<c>alice/king</c>, <c>bob/better</c> under the
/// sample's <c>models/</c>, written by scripts/albedo-demo.sh) when present; otherwise untrained stand-ins of the demo's
/// base shape generated here (said in the output), on the CPU runtime.
/// </summary>
internal static class DuelBench
{
    private const string Block = "0x3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29";

    /// <summary>The sample folder.</summary>
    public static string Sample { get; } = Path.Combine(ShippedCorpus.RepoRoot(), "samples", "albedo-local");

    /// <summary>Whether the demo's trained models are there (else the duels use generated stand-ins).</summary>
    public static bool DemoModels => File.Exists(Path.Combine(Sample, "models", "alice", "king", "config.json")) && File.Exists(Path.Combine(Sample, "models", "bob", "better", "config.json"));

    public static async Task<DuelSplit> RunAsync(string models, string challengerHotkey)
    {
        var king = new Submission("5BenchKing", 1, 10, ModelRef.Parse("alice/king@" + new string('a', 40)));
        var challenger = new Submission(challengerHotkey, 2, 20, ModelRef.Parse("bob/better@" + new string('b', 40)));
        var (kingFolder, challengerFolder) = DemoModels
            ? (Path.Combine(Sample, "models", "alice", "king"), Path.Combine(Sample, "models", "bob", "better"))
            : (TinyModel(models, "king", 7), TinyModel(models, "challenger", 8));

        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(Sample, "tournament.json")).Build().GetSection("Components");
        var source = config.GetSection("swe-trajectories");
        var options = config.GetSection("duel").Get<DuelScorerOptions>() ?? throw new InvalidOperationException("tournament.json has no Components:duel.");
        var gates = config.GetSection("duel-margin").Get<DuelGates>() ?? new DuelGates();
        var seed = RoundSeed.FromBlockHash(Block);
        var prompts = await ShippedCorpus.Source(Path.Combine(Sample, source["ManifestPath"]!), source["ManifestSha256"]!, count: source.GetValue<int>("Count"))
            .SelectAsync(seed.ForChallenger(challenger.Hotkey), NullProgressReporter.Instance, CancellationToken.None);

        var services = new ServiceCollection().AddSingleton<ReferenceBook>().AddHttpClient();
        services.AddKeyedSingleton<IJudge>("offline-reference", (sp, _) => new OfflineReferenceJudge(sp.GetRequiredService<ReferenceBook>()));
        await using var provider = services.BuildServiceProvider();
        var host = new HostEnvironment(Sample, Path.GetTempPath());
        var scorer = new DuelScorer(options, host, provider, provider.GetRequiredService<ReferenceBook>(), TimeProvider.System,
            NullLogger<DuelScorer>.Instance, provider.GetRequiredService<IHttpClientFactory>());
        var round = new RoundContext("albedo", new ChainHead(4242, Block, DateTimeOffset.UnixEpoch), seed, king.Key, NullProgressReporter.Instance, new NoArtifacts());
        var candidates = new[]
        {
            new Candidate(king, new LocalSnapshot(king.Model, kingFolder, []), true),
            new Candidate(challenger, new LocalSnapshot(challenger.Model, challengerFolder, []), false),
        };

        var watch = Stopwatch.StartNew();
        var sheet = await scorer.ScoreAsync(new ScoringRequest(round, prompts, candidates), CancellationToken.None);
        var scoring = watch.Elapsed;
        var rule = new DuelMarginRule(gates, TimeProvider.System, NullLogger<DuelMarginRule>.Instance);
        var decision = rule.Decide(new KingRuleInput(round, new Standings([new StandingEntry(king, 50, 1, 4000, new Dictionary<string, double>())]), king.Key, false, [king, challenger], sheet));
        var wall = watch.Elapsed;

        // The engine's rule (MeteredScorer): the sheet's metrics whose names end in "seconds" are the scorer's timings.
        var phases = sheet.Metrics.Where(m => m.Key.EndsWith("seconds", StringComparison.OrdinalIgnoreCase)).ToDictionary(m => m.Key, m => m.Value);
        return new DuelSplit(wall.TotalSeconds, phases, (wall - scoring).TotalSeconds, decision.Explanation, (int)sheet.Metrics["judge_calls"], prompts.Prompts.Count);
    }

    private static string TinyModel(string root, string name, ulong seed)
    {
        var folder = Path.Combine(root, name);
        if (!File.Exists(Path.Combine(folder, "config.json")))
        {
            // The demo's base shape (scripts/albedo-demo.sh), untrained, with the generator's byte-level tokenizer.
            TinyModelGenerator.Generate(new TinyModelSpec { HiddenSize = 128, Layers = 2, Heads = 4, KvHeads = 2, IntermediateSize = 256, TieWordEmbeddings = true, Seed = seed }, folder);
        }

        return folder;
    }

    private sealed class NoArtifacts : IArtifactSink
    {
        public void Add(Artifact artifact) => ArgumentNullException.ThrowIfNull(artifact);
    }
}

using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Engine.State;

namespace Tournament.Bench.Serve;

/// <summary>
/// Writes a synthetic history through the state store's own commit path: <c>submissions</c> miners, <c>rounds</c>
/// rounds, every miner scored each round with a few per-prompt values, standings replaced each round, king and weights.
/// </summary>
internal static class SyntheticState
{
    public const string Mode = "bench";

    public static async Task<string> CreateAsync(string folder, int submissions, int rounds, int prompts)
    {
        Directory.CreateDirectory(folder);
        var environment = new HostEnvironment(folder, folder);
        using var store = new SqliteStateStore(new SqliteStateStoreOptions { Path = "state.db" }, environment, TimeProvider.System, NullLogger<SqliteStateStore>.Instance);
        var random = new Random(17);
        var miners = Enumerable.Range(0, submissions)
            .Select(i => new Submission($"5Hotkey{i:D6}", i, i, new ModelRef($"miner{i}/model", new string((char)('a' + (i % 6)), 40))))
            .ToList();
        var quality = miners.Select(_ => 1 + random.NextDouble() * 3).ToArray();
        var sums = new double[submissions];
        KingRecord? king = null;
        for (var r = 0; r < rounds; r++)
        {
            var block = 1_000 + (r * 360L);
            var hash = "0x" + block.ToString("x64", CultureInfo.InvariantCulture);
            var scores = new List<ModelScoreRecord>(submissions);
            for (var i = 0; i < submissions; i++)
            {
                var perPrompt = Enumerable.Range(0, prompts).Select(p => new PromptScore($"p{p}", quality[i] + (random.NextDouble() * 0.2))).ToList();
                var score = perPrompt.Average(p => p.Value);
                sums[i] += score;
                scores.Add(new ModelScoreRecord(miners[i].Key, "scored", score, null, perPrompt));
            }

            var entries = miners.Select((m, i) => new StandingEntry(m, sums[i] / (r + 1), r + 1, block, new Dictionary<string, double> { ["bitsPerChar"] = sums[i] / (r + 1) * 1.44 }))
                .OrderBy(e => e.Score).ToList();
            var best = entries[0].Key;
            king = king?.Key == best ? king : new KingRecord(best, block, $"{best} has the best average score");
            var summary = new RoundSummary(Mode, block, hash, hash[2..], best, king.Reason, DateTimeOffset.UnixEpoch.AddSeconds(block * 12));
            await store.CommitRoundAsync(
                new RoundRecord(summary, miners, scores, new Standings(entries), king, new WeightVector(new Dictionary<string, double> { [best.Hotkey] = 1.0 }), [], [], []),
                CancellationToken.None);
        }

        return store.Path;
    }
}

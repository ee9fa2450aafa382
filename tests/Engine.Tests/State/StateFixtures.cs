using System.Globalization;
using System.Text;
using Tournament.Abstractions;
using Tournament.Engine.State;

namespace Tournament.Engine.Tests.State;

/// <summary>Rounds with every field populated, and a canonical text form of a snapshot for exact comparisons.</summary>
internal static class StateFixtures
{
    public static SqliteStateStore Store(TestFolder folder, string? path = null, int busyTimeoutSeconds = 5) =>
        new(new SqliteStateStoreOptions { Path = path, BusyTimeoutSeconds = busyTimeoutSeconds }, folder.Environment, TimeProvider.System, TestFolder.Log<SqliteStateStore>());

    public static Submission Submission(string hotkey, long commitBlock, int uid, char revisionDigit = 'a') =>
        new(hotkey, uid, commitBlock, new ModelRef($"{hotkey}/model-{commitBlock}", new string(revisionDigit, 64)));

    public static string Hash(long block) => "0x" + block.ToString("x64", CultureInfo.InvariantCulture);

    /// <summary>A round at <paramref name="block"/> whose king is <paramref name="king"/>, with scores, standings and every list non-empty.</summary>
    public static RoundRecord Round(string mode, long block, Submission king, Submission challenger, Random random)
    {
        var kingKey = king.Key;
        var challengerKey = challenger.Key;
        var summary = new RoundSummary(
            mode, block, Hash(block), Convert.ToHexStringLower(RandomBytes(random, 32)), kingKey, $"round {block}: {king.Hotkey} keeps the crown",
            new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.FromHours(2)).AddSeconds(block).AddTicks(random.Next(1, 10_000)));
        var scores = new List<ModelScoreRecord>
        {
            new(kingKey, "scored", Value(random), null, Prompts(random, 3)),
            new(challengerKey, "failed", null, "NaN KL on prompt p1", [new PromptScore("p0", Value(random)), new PromptScore("p1", double.NaN)]),
            new(new SubmissionKey("mallory", block - 1), "disqualified", null, "param-limit: too many parameters", []),
        };
        var standings = new Standings(
        [
            new StandingEntry(king, Value(random), 4, block, new Dictionary<string, double> { ["last"] = Value(random), ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity }),
            new StandingEntry(challenger, null, 0, null, new Dictionary<string, double>()),
        ]);
        return new RoundRecord(
            summary,
            [king, challenger],
            scores,
            standings,
            new KingRecord(kingKey, block, "highest EMA"),
            new WeightVector(new Dictionary<string, double> { [king.Hotkey] = 0.75, [challenger.Hotkey] = 0.25 }),
            [new DisqualificationRecord(new SubmissionKey("mallory", block - 1), "param-limit", "The model has too many parameters.", block, "param-limit")],
            [new FingerprintRecord(kingKey, "content-hash", Convert.ToHexStringLower(RandomBytes(random, 32))), new FingerprintRecord(challengerKey, "weight-fingerprint", "AAAA" + random.Next())],
            [new CheckPassRecord(kingKey, "safetensors-only"), new CheckPassRecord(challengerKey, "tokenizer-match")]);
    }

    /// <summary>Everything <see cref="IStateStore.LoadAsync"/> returns, written out exactly (doubles as round-trip text).</summary>
    public static string Render(StateSnapshot snapshot)
    {
        var text = new StringBuilder();
        text.Append("mode ").AppendLine(snapshot.Mode);
        foreach (var e in snapshot.Standings.Entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"standing {e.Submission} score={D(e.Score)} rounds={e.RoundsScored} last={e.LastScoredBlock}");
            foreach (var (k, v) in e.Metrics)
            {
                text.Append(CultureInfo.InvariantCulture, $" {k}={D(v)}");
            }

            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"king {snapshot.King}");
        foreach (var d in snapshot.Disqualifications.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"dq {d.Key} {d.Value}");
        }

        foreach (var f in snapshot.Fingerprints)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"fp {f}");
        }

        foreach (var p in snapshot.PassedChecks.OrderBy(p => p.ToString(), StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"pass {p}");
        }

        var r = snapshot.LastRound;
        text.AppendLine(r is null ? "last none" : string.Create(CultureInfo.InvariantCulture, $"last {r with { CompletedAt = default }} at {r.CompletedAt:O}"));
        return text.ToString();
    }

    public static string D(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";

    private static double Value(Random random) => 0.1 + random.NextDouble();

    private static List<PromptScore> Prompts(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => new PromptScore($"prompt-{count - i}", Value(random))).ToList();

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}

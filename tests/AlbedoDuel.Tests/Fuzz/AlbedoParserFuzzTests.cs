using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsCheck;
using Tournament.Fuzzing;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Samples;

namespace Tournament.AlbedoDuel.Tests.Fuzz;

/// <summary>Issue 16: judge verdicts (any text a judge model writes), the pinned trajectory manifest and the rows'
/// messages column. Generated inputs round-trip; mutated ones give the parser's clear refusal, never an exception.</summary>
public sealed class AlbedoParserFuzzTests : IDisposable
{
    private static readonly Gen<int[]> Values = Gen.Int[0, 2].Array[JudgeMetrics.Names.Count];

    private static readonly Gen<(string Answer, int[] Values)> ValidVerdict =
        Gen.Select(Values, Gen.String[Gen.Char[" abc.\n:\"`"], 0, 40], Gen.Bool).Select((values, prose, fenced) =>
        {
            var json = JsonSerializer.Serialize(JudgeMetrics.Names.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2));
            return (Answer: fenced ? $"{prose}\n```json\n{json}\n```" : $"{prose} {json}", Values: values);
        });

    private static readonly Gen<(string Role, string Content)[]> Messages =
        Gen.Select(Gen.Int[0, 2], Gen.String[Gen.Char[" ab\"\\\n\u00e9\u4f60"], 0, 30]).Select((r, c) => (Role: new[] { "system", "user", "assistant" }[r], Content: c)).Array[0, 6];

    private readonly string _folder = Directory.CreateTempSubdirectory("albedo-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void GeneratedVerdicts_ParseToTheirValues()
    {
        new FuzzProperty("verdict/valid").Run(ValidVerdict, v => v.Answer.Length * 2, v =>
        {
            var parsed = VerdictParser.Parse(v.Answer);
            Assert.True(parsed.Parsed, parsed.Error);
            Assert.Equal(v.Values, parsed.Values);
        }, ciIterations: 2_000);
    }

    [Fact]
    public void MutatedVerdicts_AreUnparsedWithOneSentence_NeverThrow()
    {
        var mutated = ValidVerdict.SelectMany(v => Mutations.Of(Encoding.UTF8.GetBytes(v.Answer))).Select(b => Encoding.UTF8.GetString(b));
        new FuzzProperty("verdict/mutated").Run(mutated, s => s.Length * 2, answer =>
        {
            var parsed = VerdictParser.Parse(answer);
            Assert.True(parsed.Parsed ? parsed.Values!.All(v => v is >= 0 and <= 2) : !string.IsNullOrWhiteSpace(parsed.Error));
        }, ciIterations: 4_000);
    }

    [Fact]
    public void MessagesColumn_RoundTrips_AndMutatedOnesAreRefusedWithTrajectoryCorpusException()
    {
        var valid = Messages.Select(m => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(m.Select(x => new { role = x.Role, content = x.Content }))));
        new FuzzProperty("trajectory-row/messages", typeof(TrajectoryCorpusException)).RunValidOrMutated(valid, bytes =>
        {
            var json = Encoding.UTF8.GetString(bytes);
            var messages = TrajectoryRow.ParseMessages(json, "row 0");
            var expected = JsonSerializer.Deserialize<JsonElement[]>(json)!.Select(e => (e.GetProperty("role").GetString(), e.GetProperty("content").GetString()));
            Assert.Equal(expected, messages.Select(m => ((string?)m.Role, (string?)m.Content)));
        }, ciIterations: 3_000);
    }

    [Fact]
    public void Manifests_RoundTripCanonically_AndMutatedOnesAreRefusedWithTrajectoryCorpusException()
    {
        var shard = Gen.Select(Gen.String[Gen.Char["abc_-0123456789"], 1, 12], Gen.Int[0, 1000], Gen.String[Gen.Char["0123456789abcdef"], 64, 64])
            .Select((name, rows, sha) => new ManifestShard(name + ".parquet", rows, sha));
        var valid = shard.Array[1, 5].Where(s => s.Sum(x => x.Rows) > 0 && s.DistinctBy(x => x.Name).Count() == s.Length)
            .Select(s => new TrajectoryManifest(s, s.Sum(x => (long)x.Rows)).ToCanonicalBytes());
        var path = Path.Combine(_folder, "manifest.json");
        new FuzzProperty("trajectory-manifest", typeof(TrajectoryCorpusException)).RunValidOrMutated(valid, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            var manifest = TrajectoryManifest.Load(path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(bytes, manifest.ToCanonicalBytes());
        }, ciIterations: 2_000);
    }
}

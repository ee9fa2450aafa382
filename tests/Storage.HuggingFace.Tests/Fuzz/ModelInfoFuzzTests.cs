using System.Text;
using System.Text.Json;
using CsCheck;
using Tournament.Fuzzing;
using Tournament.Plugins.Storage.HuggingFace;

namespace Tournament.Storage.HuggingFace.Tests.Fuzz;

/// <summary>Issue 16: the Hub's model API answers. Generated answers round-trip their files; mutated ones become a
/// deferral (the Hub's problem) or a disqualification (the repository's), never an exception.</summary>
public sealed class ModelInfoFuzzTests
{
    private const string Repo = "alice/model";

    private static readonly Gen<(string Sha, (string Name, long Size)[] Files)> Valid =
        Gen.Select(Gen.String[Gen.Char["0123456789abcdef"], 40, 40], Gen.Select(Gen.String[Gen.Char["abc_-0123456789"], 1, 12], Gen.Long[0, 1L << 40]).Array[0, 8])
            .Select((sha, files) => (Sha: sha, Files: files.Select(f => (Name: f.Item1 + ".json", Size: f.Item2)).DistinctBy(f => f.Name).ToArray()));

    private static byte[] Write((string Sha, (string Name, long Size)[] Files) v) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = Repo,
        ["sha"] = v.Sha,
        ["private"] = false,
        ["gated"] = false,
        ["siblings"] = v.Files.Select(f => new Dictionary<string, object> { ["rfilename"] = f.Name, ["size"] = f.Size }).ToArray(),
    }));

    [Fact]
    public void GeneratedAnswers_RoundTripTheirFiles()
    {
        new FuzzProperty("hf-model-info/valid").Run(Valid, v => v.Files.Length * 100, v =>
        {
            var result = ModelInfoParser.Parse(Write(v), Repo, 1000);
            Assert.True(result.IsOk);
            Assert.Equal(v.Sha, result.AsT0.Sha);
            Assert.Equal(v.Files, result.AsT0.Files.Select(f => (f.Path, f.Size)));
        }, ciIterations: 1_000);
    }

    [Fact]
    public void MutatedAnswers_AreDeferredOrRefused_NeverThrow()
    {
        new FuzzProperty("hf-model-info/mutated").Run(Valid.SelectMany(v => Mutations.Of(Write(v))), b => b.Length, bytes =>
        {
            var result = ModelInfoParser.Parse(bytes, Repo, 1000);
            Assert.True(result.IsOk || result.Match(_ => false, disqualified => !string.IsNullOrWhiteSpace(disqualified.Message), deferred => !string.IsNullOrWhiteSpace(deferred.Reason)));
        }, ciIterations: 3_000);
    }
}

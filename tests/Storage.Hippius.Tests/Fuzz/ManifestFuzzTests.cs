using System.Text;
using System.Text.Json;
using CsCheck;
using Tournament.Fuzzing;
using Tournament.Plugins.Storage.Hippius.Registry;

namespace Tournament.Storage.Hippius.Tests.Fuzz;

/// <summary>Issue 16: OCI registry manifests come from a miner's registry. Generated manifests round-trip their layers;
/// mutated ones are refused with <see cref="ManifestException"/>, never another exception.</summary>
public sealed class ManifestFuzzTests
{
    private const string Digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly ManifestLimits Limits = new(1 << 20, 64, 1L << 40, 1L << 42);

    private static readonly Gen<(string Path, long Size, string Digest)[]> Layers =
        Gen.Select(Gen.String[Gen.Char["abc_-0123456789"], 1, 10].Array[1, 3], Gen.Long[0, 1L << 36], Gen.String[Gen.Char["0123456789abcdef"], 64, 64])
            .Select((parts, size, hex) => (Path: string.Join('/', parts) + ".bin", Size: size, Digest: "sha256:" + hex))
            .Array[1, 6].Where(l => l.DistinctBy(x => x.Path).Count() == l.Length && l.All(x => !l.Any(y => y.Path.StartsWith(x.Path + "/", StringComparison.Ordinal))));

    private static byte[] Write((string Path, long Size, string Digest)[] layers) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = OciManifest.OciManifestMediaType,
        ["layers"] = layers.Select(l => new Dictionary<string, object>
        {
            ["mediaType"] = "application/octet-stream",
            ["digest"] = l.Digest,
            ["size"] = l.Size,
            ["annotations"] = new Dictionary<string, string> { [OciManifest.TitleAnnotation] = l.Path },
        }).ToArray(),
    }));

    [Fact]
    public void GeneratedManifests_RoundTripTheirLayers()
    {
        new FuzzProperty("oci-manifest/valid").Run(Layers, l => l.Length * 200, layers =>
        {
            var manifest = OciManifest.Parse(Write(layers), Digest, Limits);
            Assert.Equal(layers.Select(l => (l.Path, l.Size, l.Digest)), manifest.Layers.Select(l => (l.Path, l.Size, l.Digest)));
        }, ciIterations: 1_000);
    }

    [Fact]
    public void MutatedManifests_AreRefusedWithManifestException()
    {
        new FuzzProperty("oci-manifest/mutated", typeof(ManifestException)).Run(Layers.SelectMany(l => Mutations.Of(Write(l))), b => b.Length, bytes =>
        {
            var manifest = OciManifest.Parse(bytes, Digest, Limits);
            Assert.All(manifest.Layers, l => Assert.True(l.Size >= 0 && l.Path.Length > 0));
        }, ciIterations: 3_000);
    }
}

using System.Text;
using Tournament.Plugins.Storage.Hippius.Registry;

namespace Tournament.Storage.Hippius.Tests.Registry;

public sealed class ManifestParsingTests
{
    private const string Digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly string LayerDigest = "sha256:" + new string('1', 64);
    private static readonly ManifestLimits Limits = new(4096, 8, 1000, 2000);

    [Fact]
    public void Parse_ValidManifest_ReturnsLayers()
    {
        var manifest = OciManifest.Parse(Bytes(Layer("a/b.json", 10), Layer("c.bin", 20)), Digest, Limits);

        Assert.Equal([("a/b.json", 10L), ("c.bin", 20L)], manifest.Layers.Select(l => (l.Path, l.Size)));
        Assert.Equal(30, manifest.TotalSize);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"schemaVersion\":1,\"layers\":[]}", "schemaVersion")]
    [InlineData("{\"schemaVersion\":\"2\",\"layers\":[]}", "schemaVersion")]
    [InlineData("{\"schemaVersion\":2}", "no layers")]
    [InlineData("{\"schemaVersion\":2,\"layers\":{}}", "no layers")]
    [InlineData("{\"schemaVersion\":2,\"layers\":[]}", "0 layers")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"text/html\",\"layers\":[]}", "mediaType")]
    [InlineData("{\"schemaVersion\":2,\"layers\":[1]}", "not an object")]
    public void Parse_MalformedDocument_NamesTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<ManifestException>(() => OciManifest.Parse(Encoding.UTF8.GetBytes(json), Digest, Limits));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"mediaType\":\"x\",\"digest\":\"sha256:abc\",\"size\":1,\"annotations\":{\"org.opencontainers.image.title\":\"a\"}}", "digest")]
    [InlineData("{\"mediaType\":\"x\",\"digest\":\"SHA256:1111111111111111111111111111111111111111111111111111111111111111\",\"size\":1,\"annotations\":{\"org.opencontainers.image.title\":\"a\"}}", "digest")]
    [InlineData("{\"mediaType\":\"x\",\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"size\":-1,\"annotations\":{\"org.opencontainers.image.title\":\"a\"}}", "size")]
    [InlineData("{\"mediaType\":\"x\",\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"size\":1e3,\"annotations\":{\"org.opencontainers.image.title\":\"a\"}}", "size")]
    [InlineData("{\"mediaType\":\"x\",\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"size\":99999999999999999999,\"annotations\":{\"org.opencontainers.image.title\":\"a\"}}", "size")]
    [InlineData("{\"mediaType\":\"x\",\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"size\":1}", "annotation")]
    [InlineData("{\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"size\":1,\"annotations\":{\"org.opencontainers.image.title\":\"a\"}}", "mediaType")]
    public void Parse_MalformedLayer_NamesTheProblem(string layer, string expected)
    {
        var ex = Assert.Throws<ManifestException>(() => OciManifest.Parse(Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"layers\":[{layer}]}}"), Digest, Limits));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/abs")]
    [InlineData("./x")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("c:x")]
    [InlineData("a\u0000b")]
    [InlineData("a\nb")]
    public void Parse_HostilePath_IsRejected(string path)
    {
        var ex = Assert.Throws<ManifestException>(() => OciManifest.Parse(Bytes(Layer(path, 1)), Digest, Limits));

        Assert.Contains("path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlongPath_IsRejected() =>
        Assert.Throws<ManifestException>(() => OciManifest.Parse(Bytes(Layer(new string('a', 600), 1)), Digest, Limits with { MaxManifestBytes = 8192 }));

    [Theory]
    [InlineData("a.bin", "a.bin", "more than once")]
    [InlineData("A.bin", "a.BIN", "more than once")]
    [InlineData("a", "a/b", "both a file and a folder")]
    [InlineData("a/b/c", "a/b", "both a file and a folder")]
    public void Parse_CollidingPaths_AreRejected(string first, string second, string expected)
    {
        var ex = Assert.Throws<ManifestException>(() => OciManifest.Parse(Bytes(Layer(first, 1), Layer(second, 1)), Digest, Limits));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyLayers_IsRejected() =>
        Assert.Contains("9 layers", Assert.Throws<ManifestException>(() => OciManifest.Parse(Bytes(Enumerable.Range(0, 9).Select(i => Layer($"f{i}", 1)).ToArray()), Digest, Limits)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_LayerOverSizeLimit_IsRejected() =>
        Assert.Contains("per file", Assert.Throws<ManifestException>(() => OciManifest.Parse(Bytes(Layer("a", 1001)), Digest, Limits)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_ModelOverTotalLimit_IsRejected() =>
        Assert.Contains("add up", Assert.Throws<ManifestException>(() => OciManifest.Parse(Bytes(Layer("a", 1000), Layer("b", 1000), Layer("c", 1)), Digest, Limits)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_OversizedBytes_IsRejected() =>
        Assert.Contains("4096", Assert.Throws<ManifestException>(() => OciManifest.Parse(new byte[5000], Digest, Limits)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_DeeplyNestedJson_IsRejected()
    {
        var json = "{\"schemaVersion\":2,\"x\":" + new string('[', 100) + new string(']', 100) + ",\"layers\":[]}";

        Assert.Contains("not valid JSON", Assert.Throws<ManifestException>(() => OciManifest.Parse(Encoding.UTF8.GetBytes(json), Digest, Limits)).Message, StringComparison.Ordinal);
    }

    private static string Layer(string path, long size) =>
        $"{{\"mediaType\":\"application/octet-stream\",\"digest\":\"{LayerDigest}\",\"size\":{size},\"annotations\":{{\"org.opencontainers.image.title\":{System.Text.Json.JsonSerializer.Serialize(path)}}}}}";

    private static byte[] Bytes(params string[] layers) =>
        Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[{string.Join(',', layers)}]}}");
}

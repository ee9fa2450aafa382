using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Samples;

namespace Tournament.AlbedoDuel.Tests.Samples;

public sealed class TrajectoryManifestTests
{
    [Fact]
    public void Load_ShippedManifest_IsCanonicalAndPinned()
    {
        var manifest = TrajectoryManifest.Load(ShippedCorpus.ManifestPath, ShippedCorpus.ManifestSha256);

        Assert.Equal(48, manifest.TotalRows);
        Assert.Equal(4, manifest.Shards.Count);
        Assert.Equal(File.ReadAllBytes(ShippedCorpus.ManifestPath), manifest.ToCanonicalBytes());
    }

    [Fact]
    public void Load_WrongConfiguredHash_IsRejected()
    {
        var error = Assert.Throws<TrajectoryCorpusException>(() => TrajectoryManifest.Load(ShippedCorpus.ManifestPath, new string('a', 64)));

        Assert.Contains("not the pinned one", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"shards\":[{\"name\":\"a.parquet\",\"rows\":1,\"sha256\":\"" + Zeros + "\"}],\"total_rows\":1}", "canonical")]
    [InlineData("{\"shards\":[{\"name\":\"a.parquet\",\"rows\":1,\"sha256\":\"" + Zeros + "\"}],\"total_rows\":2}", "sum of the shards")]
    [InlineData("{\"shards\":[{\"name\":\"../etc/passwd\",\"rows\":1,\"sha256\":\"" + Zeros + "\"}],\"total_rows\":1}", "invalid shard entry")]
    [InlineData("{\"shards\":[{\"name\":\"a.parquet\",\"rows\":-1,\"sha256\":\"" + Zeros + "\"}],\"total_rows\":-1}", "invalid shard entry")]
    [InlineData("{\"shards\":[{\"name\":\"a.parquet\",\"rows\":1,\"sha256\":\"XYZ\"}],\"total_rows\":1}", "invalid shard entry")]
    [InlineData("{\"shards\":[{\"name\":\"a.parquet\",\"rows\":1,\"sha256\":\"" + Zeros + "\"},{\"name\":\"a.parquet\",\"rows\":1,\"sha256\":\"" + Zeros + "\"}],\"total_rows\":2}", "twice")]
    [InlineData("{\"shards\":[],\"total_rows\":0}", "at least one shard")]
    [InlineData("{\"shards\":[{\"name\":\"a.parquet\",\"rows\":1", "not a valid manifest")]
    [InlineData("[1,2,3]", "not a valid manifest")]
    [InlineData("{\"shards\":[[[[[[[[1]]]]]]]],\"total_rows\":1}", "not a valid manifest")]
    public void Load_MalformedOrHostileManifest_FailsWithOneSentence(string text, string expected)
    {
        var path = WriteTemp(Encoding.UTF8.GetBytes(text));

        var error = Assert.Throws<TrajectoryCorpusException>(() => TrajectoryManifest.Load(path, Sha(File.ReadAllBytes(path))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OversizedManifest_IsRejectedBeforeParsing()
    {
        var path = WriteTemp(new byte[TrajectoryManifest.MaxBytes + 1]);

        var error = Assert.Throws<TrajectoryCorpusException>(() => TrajectoryManifest.Load(path, new string('0', 64)));

        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectAsync_ShardAlteredAfterLoad_IsDetectedBeforeTheDuel()
    {
        var folder = ShippedCorpus.CopyToTemp();
        var source = ShippedCorpus.Source(Path.Combine(folder, "manifest.json"), ShippedCorpus.ManifestSha256);
        foreach (var shard in Directory.GetFiles(folder, "*.parquet"))
        {
            var bytes = await File.ReadAllBytesAsync(shard);
            bytes[bytes.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(shard, bytes);
        }

        var error = await Assert.ThrowsAsync<TrajectoryCorpusException>(() => source.SelectAsync(RoundSeed.FromBlockHash("01"), NullProgressReporter.Instance, CancellationToken.None));

        Assert.Contains("the corpus was altered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectAsync_ManifestReplacedAfterLoad_IsDetectedBeforeTheDuel()
    {
        var folder = ShippedCorpus.CopyToTemp();
        var manifest = Path.Combine(folder, "manifest.json");
        var source = ShippedCorpus.Source(manifest, ShippedCorpus.ManifestSha256);
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("\"rows\":12", "\"rows\":11", StringComparison.Ordinal));

        await Assert.ThrowsAsync<TrajectoryCorpusException>(() => source.SelectAsync(RoundSeed.FromBlockHash("01"), NullProgressReporter.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task SelectAsync_MissingShard_FailsWithOneSentence()
    {
        var folder = ShippedCorpus.CopyToTemp();
        var source = ShippedCorpus.Source(Path.Combine(folder, "manifest.json"), ShippedCorpus.ManifestSha256);
        foreach (var shard in Directory.GetFiles(folder, "*.parquet"))
        {
            File.Delete(shard);
        }

        var error = await Assert.ThrowsAsync<TrajectoryCorpusException>(() => source.SelectAsync(RoundSeed.FromBlockHash("01"), NullProgressReporter.Instance, CancellationToken.None));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[{\"role\":\"tool\",\"content\":\"x\"}]")]
    [InlineData("[{\"role\":\"user\"}]")]
    [InlineData("[{\"role\":\"user\",\"content\":5}]")]
    [InlineData("{\"role\":\"user\"}")]
    public void ParseMessages_HostileRow_FailsWithOneSentence(string json)
    {
        Assert.Throws<TrajectoryCorpusException>(() => TrajectoryRow.ParseMessages(json, "row 0"));
    }

    private const string Zeros = "0000000000000000000000000000000000000000000000000000000000000000";

    private static string WriteTemp(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"albedo-manifest-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

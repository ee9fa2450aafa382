using Tournament.Abstractions;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Tooling.TinyModels;

namespace Tournament.Inference.Tests.Safetensors;

public sealed class SafetensorsCheckpointTests
{
    [Fact]
    public void Open_ReshardedModel_ListsEveryTensorOnceWithSameBytes()
    {
        using var folder = new TempFolder();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 7 }, model);
        ModelDerivation.Reshard(model, folder.Combine("s"), 3);

        using var single = SafetensorsCheckpoint.Open(model);
        using var sharded = SafetensorsCheckpoint.Open(folder.Combine("s"));
        Assert.Equal(3, sharded.Files.Count);
        Assert.NotNull(sharded.Index);
        Assert.Equal(single.Names, sharded.Names);
        foreach (var name in single.Names)
        {
            Assert.True(single.GetBytes(name).SequenceEqual(sharded.GetBytes(name)));
        }
    }

    [Fact]
    public void Open_MissingShard_ThrowsNamingShard()
    {
        using var folder = Sharded(out var path);
        File.Delete(Path.Combine(path, "model-00002-of-00003.safetensors"));
        var ex = Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(path));
        Assert.Contains("model-00002-of-00003.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnreferencedShard_Throws()
    {
        using var folder = Sharded(out var path);
        new SafetensorsWriter().Add("extra", SafetensorsDType.F32, [1], new byte[4]).Write(Path.Combine(path, "decoy.safetensors"));
        var ex = Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(path));
        Assert.Contains("decoy.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TensorInTwoShards_Throws()
    {
        using var folder = new TempFolder();
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [1], new byte[4]).Write(folder.Combine("one.safetensors"));
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [1], new byte[4]).Add("b", SafetensorsDType.F32, [1], new byte[4]).Write(folder.Combine("two.safetensors"));
        File.WriteAllText(folder.Combine(ShardIndex.FileName), """{"weight_map":{"a":"one.safetensors","b":"two.safetensors"}}""");
        var ex = Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(folder.Path));
        Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_IndexNamesTensorTheShardLacks_Throws()
    {
        using var folder = new TempFolder();
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [1], new byte[4]).Write(folder.Combine("one.safetensors"));
        File.WriteAllText(folder.Combine(ShardIndex.FileName), """{"weight_map":{"a":"one.safetensors","ghost":"one.safetensors"}}""");
        Assert.Contains("'ghost'", Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(folder.Path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x.safetensors")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/x.safetensors")]
    [InlineData("..\\\\x.safetensors")]
    [InlineData("model.bin")]
    [InlineData("")]
    public void Open_HostileShardPathInIndex_Throws(string shard)
    {
        using var folder = new TempFolder();
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [1], new byte[4]).Write(folder.Combine("one.safetensors"));
        File.WriteAllText(folder.Combine(ShardIndex.FileName), "{\"weight_map\":{\"a\":\"" + shard + "\"}}");
        Assert.Contains("plain *.safetensors file name", Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(folder.Path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"weight_map":[1]}""")]
    [InlineData("""{"weight_map":{"a":5}}""")]
    [InlineData("""{}""")]
    [InlineData("""{"weight_map":{}}""")]
    public void Open_MalformedIndex_Throws(string index)
    {
        using var folder = new TempFolder();
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [1], new byte[4]).Write(folder.Combine("one.safetensors"));
        File.WriteAllText(folder.Combine(ShardIndex.FileName), index);
        Assert.Contains(ShardIndex.FileName, Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(folder.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoIndexAndTwoFilesOrNone_Throws()
    {
        using var folder = new TempFolder();
        Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(folder.Path));
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [1], new byte[4]).Write(folder.Combine("one.safetensors"));
        new SafetensorsWriter().Add("b", SafetensorsDType.F32, [1], new byte[4]).Write(folder.Combine("two.safetensors"));
        Assert.Contains("no model.safetensors.index.json", Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(folder.Path)).Message, StringComparison.Ordinal);
    }

    private static TempFolder Sharded(out string path)
    {
        var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 3 }, folder.Combine("m"));
        path = folder.Combine("s");
        ModelDerivation.Reshard(folder.Combine("m"), path, 3);
        return folder;
    }
}

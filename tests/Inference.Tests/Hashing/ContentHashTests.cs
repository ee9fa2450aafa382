using Tournament.Inference.Hashing;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Tooling.TinyModels;

namespace Tournament.Inference.Tests.Hashing;

public sealed class ContentHashTests
{
    [Fact]
    public void ContentHash_RenamedOrReshardedCopy_IsUnchanged()
    {
        using var folder = new TempFolder();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = ModelArchitecture.Qwen2, Seed = (ulong)Random.Shared.NextInt64() }, model);
        ModelDerivation.Reshard(model, folder.Combine("sharded"), 4);
        ModelDerivation.Rename(folder.Combine("sharded"), folder.Combine("renamed"));
        ModelDerivation.Rename(model, folder.Combine("renamed-single"));

        var hash = ContentHash.Compute(model);
        Assert.StartsWith("sha256:", hash, StringComparison.Ordinal);
        Assert.Equal(hash, ContentHash.Compute(folder.Combine("sharded")));
        Assert.Equal(hash, ContentHash.Compute(folder.Combine("renamed")));
        Assert.Equal(hash, ContentHash.Compute(folder.Combine("renamed-single")));
    }

    [Fact]
    public void ContentHash_OneFlippedBit_Changes()
    {
        using var folder = new TempFolder();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 11 }, model);
        ModelDerivation.CopyFolder(model, folder.Combine("flipped"));
        var path = folder.Combine("flipped", "model.safetensors");
        long offset;
        using (var file = SafetensorsFile.Open(path))
        {
            offset = file.Header.DataOffset + Random.Shared.NextInt64(file.Header.DataLength);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= (byte)(1 << Random.Shared.Next(8));
        File.WriteAllBytes(path, bytes);

        Assert.NotEqual(ContentHash.Compute(model), ContentHash.Compute(folder.Combine("flipped")));
    }

    [Fact]
    public void Combine_SameDigestDifferentNameShapeOrDType_Differs()
    {
        var digest = new byte[32];
        Random.Shared.NextBytes(digest);
        var a = ContentHash.Combine([("w", "F32", [2, 3], digest)]);
        Assert.NotEqual(a, ContentHash.Combine([("v", "F32", [2, 3], digest)]));
        Assert.NotEqual(a, ContentHash.Combine([("w", "F32", [3, 2], digest)]));
        Assert.NotEqual(a, ContentHash.Combine([("w", "I32", [2, 3], digest)]));
        Assert.NotEqual(ContentHash.Combine([("ab", "F32", [1], digest)]), ContentHash.Combine([("a", "BF32", [1], digest)]));
    }

    [Fact]
    public void ExactWeightsHash_RenamedShards_SameAndReshardedDifferent()
    {
        using var folder = new TempFolder();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 5 }, model);
        ModelDerivation.Reshard(model, folder.Combine("s"), 2);
        ModelDerivation.Rename(folder.Combine("s"), folder.Combine("r"));

        Assert.Equal(ExactWeightsHash.Compute(folder.Combine("s")), ExactWeightsHash.Compute(folder.Combine("r")));
        Assert.NotEqual(ExactWeightsHash.Compute(model), ExactWeightsHash.Compute(folder.Combine("s")));
    }
}

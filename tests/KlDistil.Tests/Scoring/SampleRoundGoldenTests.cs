using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.KlDistil.Tests.Scoring;

/// <summary>
/// Golden vectors of the Distil demo's first round (<c>scripts/demo.sh</c> at block 0, docs/distil-sample.md): the
/// selected prompts: ids in order, and a digest of ids, texts and metadata. The students' KL on them is pinned by
/// <see cref="SampleRoundCrossCheckTests"/>. A refactoring that moves any of them changes consensus.
/// </summary>
[Collection(SampleRound.Collection)]
public sealed class SampleRoundGoldenTests(SampleRound sample)
{
    [Fact]
    public void Block0Prompts_IdsOrderAndContent_AreGolden()
    {
        Assert.Equal("climbmix/v1", sample.Prompts.AlgorithmVersion);
        Assert.Equal(
            [
                "shard_00003:row_246", "shard_00003:row_332", "shard_00003:row_90", "shard_00003:row_97",
                "shard_00003:row_126", "shard_00003:row_224", "shard_00003:row_42", "shard_00003:row_410",
            ],
            sample.Prompts.Prompts.Select(p => p.Id));
        Assert.All(sample.Prompts.Prompts, p => Assert.Equal(p.Id, $"shard_{p.Metadata["shard"]}:row_{p.Metadata["row"]}"));
        Assert.Equal("72bb0b0cb82aad89e09b70208dd82f95a2bb6b6a9cfce7c72381e2257005f0e0", Digest(sample.Prompts));
    }

    /// <summary>SHA-256 over each prompt's id, text and metadata (keys in ordinal order), NUL-separated.</summary>
    private static string Digest(PromptSet set)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var prompt in set.Prompts)
        {
            Append(sha, prompt.Id);
            Append(sha, prompt.Text);
            foreach (var (key, value) in prompt.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                Append(sha, key + "=" + value);
            }

            sha.AppendData([0x1E]);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Append(IncrementalHash sha, string text)
    {
        sha.AppendData(Encoding.UTF8.GetBytes(text));
        sha.AppendData([0]);
    }
}

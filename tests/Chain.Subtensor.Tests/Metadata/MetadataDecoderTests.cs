using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Hashing;
using Tournament.Plugins.Chain.Subtensor.Metadata;

namespace Tournament.Chain.Subtensor.Tests.Metadata;

public sealed class MetadataDecoderTests
{
    [Fact]
    public void Decode_V15_ReadsWhatTheClientUses()
    {
        RuntimeMetadata m = MetadataFixtures.V15;
        (byte pallet, CallMetadata setWeights) = m.Call("SubtensorModule", "set_weights");
        Assert.Equal(["netuid", "dests", "weights", "version_key"], setWeights.Arguments.Select(a => a.Name));
        Assert.Equal(m.Pallet("SubtensorModule").Index, pallet);
        StorageEntryMetadata commitments = m.Storage("Commitments", "CommitmentOf");
        Assert.Equal([StorageHasher.Identity, StorageHasher.Twox64Concat], commitments.Hashers);
        Assert.Equal(["pallet_commitments", "types", "Registration"], m.Type(commitments.ValueType).Path);
        Assert.Contains(m.SignedExtensions, e => e.Identifier == "CheckMortality");
        Assert.Equal(4, m.ExtrinsicVersion);
    }

    [Fact]
    public void Lookups_MissingNames_AreOneSentence()
    {
        RuntimeMetadata m = MetadataFixtures.V15;
        Assert.Equal("The chain's runtime has no pallet 'Nope'.", Assert.Throws<MetadataFormatException>(() => m.Pallet("Nope")).Message);
        Assert.Equal("The chain's runtime has no call SubtensorModule.nope.", Assert.Throws<MetadataFormatException>(() => m.Call("SubtensorModule", "nope")).Message);
        Assert.Equal("The chain's runtime has no storage item Commitments.Nope.", Assert.Throws<MetadataFormatException>(() => m.Storage("Commitments", "Nope")).Message);
        Assert.Throws<MetadataFormatException>(() => m.Type(uint.MaxValue));
    }

    [Fact]
    public void Decode_EveryTruncation_IsMetadataFormatException()
    {
        byte[] bytes = MetadataFixtures.Bytes(MetadataFixtures.V14File);
        var rng = new Random(Random.Shared.Next());
        int[] cuts = [0, 3, 4, 5, 6, 100, bytes.Length - 1, .. Enumerable.Range(0, 40).Select(_ => rng.Next(bytes.Length))];
        foreach (int cut in cuts)
        {
            var ex = Assert.Throws<MetadataFormatException>(() => MetadataDecoder.Decode(bytes.AsSpan(0, cut)));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Fact]
    public void Decode_RandomByteCorruption_NeverThrowsAnythingElse()
    {
        byte[] original = MetadataFixtures.Bytes(MetadataFixtures.V14File);
        int seed = Random.Shared.Next();
        var rng = new Random(seed);
        for (int i = 0; i < 60; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            for (int k = 0; k < 1 + rng.Next(4); k++)
            {
                bytes[5 + rng.Next(bytes.Length - 5)] = (byte)rng.Next(256);
            }

            try
            {
                MetadataDecoder.Decode(bytes);
            }
            catch (MetadataFormatException)
            {
                // Rejected cleanly; a corruption inside a doc string may also decode fine.
            }
            catch (Exception ex)
            {
                Assert.Fail($"corruption {i} (seed {seed}) threw {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    [Fact]
    public void Decode_TrailingJunk_Rejected()
    {
        byte[] bytes = [.. MetadataFixtures.Bytes(MetadataFixtures.V14File), 0];
        Assert.Contains("more bytes follow", Assert.Throws<MetadataFormatException>(() => MetadataDecoder.Decode(bytes)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6d657461 0d", "v13 is not supported")]
    [InlineData("6d657461 10", "v16 is not supported")]
    [InlineData("4d455441 0e", "no \"meta\" magic")]
    public void Decode_WrongMagicOrVersion_OneSentence(string hex, string expected)
        => Assert.Contains(expected, Assert.Throws<MetadataFormatException>(() => MetadataDecoder.Decode(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)))).Message, StringComparison.Ordinal);

    [Fact]
    public void DecodeAtVersion_None_SaysTheVersionIsMissing()
        => Assert.Contains("does not have metadata", Assert.Throws<MetadataFormatException>(() => MetadataDecoder.DecodeAtVersion([0])).Message, StringComparison.Ordinal);

    [Fact]
    public void Decode_Oversized_RejectedBeforeParsing()
    {
        byte[] huge = new byte[MetadataDecoder.MaxBytes + 1];
        Assert.Contains("over the limit", Assert.Throws<MetadataFormatException>(() => MetadataDecoder.Decode(huge)).Message, StringComparison.Ordinal);
    }
}

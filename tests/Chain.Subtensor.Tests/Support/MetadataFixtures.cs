using System.IO.Compression;
using Tournament.Plugins.Chain.Subtensor.Metadata;

namespace Tournament.Chain.Subtensor.Tests.Support;

/// <summary>The recorded Subtensor mainnet metadata of the Bittensor SDK's integration sessions (see Fixtures/SOURCES.md).</summary>
internal static class MetadataFixtures
{
    public const string V14File = "metadata-v14.scale.gz";
    public const string V15File = "metadata-v15-at-version.scale.gz";

    private static readonly Lazy<RuntimeMetadata> V15Lazy = new(() => MetadataDecoder.DecodeAtVersion(Bytes(V15File)));

    /// <summary>The decoded v15 metadata (decoded once per test run; it is immutable).</summary>
    public static RuntimeMetadata V15 => V15Lazy.Value;

    public static byte[] Bytes(string name)
    {
        using var file = File.OpenRead(SubstrateReferenceFixture.FixturePath(name));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}

using System.Text.Json.Nodes;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Metadata;

namespace Tournament.Chain.Subtensor.Tests.Metadata;

/// <summary>The decoder against @polkadot/types' own decoding of the same recorded mainnet metadata, item by item.</summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class MetadataReferenceTests(SubstrateReferenceFixture reference)
{
    [Theory]
    [InlineData(MetadataFixtures.V14File, 14)]
    [InlineData(MetadataFixtures.V15File, 15)]
    public void Decode_RecordedMainnet_EqualsPolkadotEverywhere(string file, int version)
    {
        byte[] bytes = MetadataFixtures.Bytes(file);
        RuntimeMetadata ours = version == 14 ? MetadataDecoder.Decode(bytes) : MetadataDecoder.DecodeAtVersion(bytes);
        JsonObject theirs = reference.Run(new { op = "metadataSummary", metadata = SubstrateReferenceFixture.FixturePath(file) })[0]!.AsObject();

        Assert.Equal(version, ours.Version);
        Assert.Equal((int)theirs["version"]!, ours.Version);
        Assert.Equal((int)theirs["types"]!, ours.Types.Count);
        Assert.Equal(theirs["signedExtensions"]!.AsArray().Select(e => (string)e!), ours.SignedExtensions.Select(e => e.Identifier));
        JsonArray pallets = theirs["pallets"]!.AsArray();
        Assert.Equal(pallets.Count, ours.Pallets.Count);
        int calls = 0, items = 0;
        foreach (JsonNode? p in pallets)
        {
            PalletMetadata pallet = ours.Pallet((string)p!["name"]!);
            Assert.Equal((int)p["index"]!, pallet.Index);
            foreach (JsonNode? c in p["calls"]!.AsArray())
            {
                (byte palletIndex, CallMetadata call) = ours.Call(pallet.Name, (string)c!["name"]!);
                Assert.Equal(pallet.Index, palletIndex);
                Assert.Equal((int)c["index"]!, call.Index);
                Assert.Equal(c["args"]!.AsArray().Select(a => (string)a!), call.Arguments.Select(a => a.Name ?? string.Empty));
                calls++;
            }

            Assert.Equal(p["calls"]!.AsArray().Count, pallet.Calls.Count);
            foreach (JsonNode? s in p["storage"]!.AsArray())
            {
                StorageEntryMetadata entry = ours.Storage(pallet.Name, (string)s!["name"]!);
                Assert.Equal((string)s["modifier"]! == "Optional", entry.IsOptional);
                Assert.Equal(s["hashers"]!.AsArray().Select(h => (string)h!), entry.Hashers.Select(h => h.ToString()));
                Assert.Equal((uint)s["value"]!, entry.ValueType);
                Assert.Equal(entry.Hashers.Count, entry.KeyTypes.Count);
                items++;
            }

            Assert.Equal(p["storage"]!.AsArray().Count, pallet.Storage.Count);
            foreach (JsonNode? k in p["constants"]!.AsArray())
            {
                Assert.Equal((string)k!["value"]!, Hex.Of(pallet.Constants[(string)k["name"]!].Value));
            }
        }

        Assert.True(calls > 100 && items > 100, $"only {calls} calls and {items} storage items were compared");
    }
}

using System.Text.Json.Nodes;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Hashing;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Chain.Subtensor.Tests.Hashing;

/// <summary>Hashers, storage keys and SS58 against @polkadot/util-crypto and @polkadot/types on fresh random input.</summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class SubstrateHashReferenceTests(SubstrateReferenceFixture reference)
{
    private readonly int _seed = Random.Shared.Next();

    [Fact]
    public void TwoxAndBlake2_RandomInputs_MatchPolkadot()
    {
        var rng = new Random(_seed);
        byte[][] inputs = [[], .. new[] { 1, 7, 8, 31, 32, 33, 64, 127, 128, 129, 1000 }.Select(n => RandomBytes(rng, n))];
        string[] hex = [.. inputs.Select(b => Hex.Of(b))];
        int[] twoxBits = [64, 128, 256], blakeBits = [128, 256, 512];
        JsonArray results = reference.Run([
            .. twoxBits.Select(bits => new { op = "twox", bits, data = hex }),
            .. blakeBits.Select(bits => new { op = "blake2", bits, data = hex })]);
        for (int i = 0; i < inputs.Length; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                Assert.True((string)results[k]![i]! == Hex.Of(SubstrateHash.Twox(inputs[i], twoxBits[k])), $"twox{twoxBits[k]} of {inputs[i].Length} bytes (seed {_seed})");
                Assert.True((string)results[3 + k]![i]! == Hex.Of(SubstrateHash.Blake2b(inputs[i], blakeBits[k])), $"blake2-{blakeBits[k]} of {inputs[i].Length} bytes (seed {_seed})");
            }
        }
    }

    [Fact]
    public void StorageKeys_MapsOfSubtensorAndCommitments_MatchPolkadotTypes()
    {
        var rng = new Random(_seed);
        string metadata = SubstrateReferenceFixture.FixturePath("metadata-v15-at-version.scale.gz");
        ushort netuid = (ushort)rng.Next(1, 1024);
        ushort uid = (ushort)rng.Next(0, 4096);
        byte[] hotkey = RandomBytes(rng, 32);
        string ss58 = Ss58.Encode(hotkey);
        JsonArray results = reference.Run(
            new { op = "storageKey", metadata, pallet = "subtensorModule", item = "uids", args = new object[] { new object[] { netuid, ss58 } } },
            new { op = "storageKey", metadata, pallet = "subtensorModule", item = "keys", args = new object[] { new object[] { netuid, uid } } },
            new { op = "storageKey", metadata, pallet = "commitments", item = "commitmentOf", args = new object[] { new object[] { netuid, ss58 } } },
            new { op = "storageKey", metadata, pallet = "subtensorModule", item = "tempo", args = new object[] { new object[] { netuid } } },
            new { op = "storageKey", metadata, pallet = "system", item = "number", args = new object[] { Array.Empty<object>() } });

        byte[] net = new ScaleWriter().U16(netuid).ToArray();
        Assert.Equal((string)results[0]![0]!, Hex.Of(StorageKey.Build("SubtensorModule", "Uids", (StorageHasher.Identity, net), (StorageHasher.Blake2_128Concat, hotkey))));
        Assert.Equal((string)results[1]![0]!, Hex.Of(StorageKey.Build("SubtensorModule", "Keys", (StorageHasher.Identity, net), (StorageHasher.Identity, new ScaleWriter().U16(uid).ToArray()))));
        Assert.Equal((string)results[2]![0]!, Hex.Of(StorageKey.Build("Commitments", "CommitmentOf", (StorageHasher.Identity, net), (StorageHasher.Twox64Concat, hotkey))));
        Assert.Equal((string)results[3]![0]!, Hex.Of(StorageKey.Build("SubtensorModule", "Tempo", (StorageHasher.Identity, net))));
        Assert.Equal((string)results[4]![0]!, Hex.Of(StorageKey.Prefix("System", "Number")));
    }

    [Fact]
    public void Ss58_RandomKeysAndPrefixes_MatchPolkadotBothWays()
    {
        var rng = new Random(_seed);
        byte[][] keys = [.. Enumerable.Range(0, 8).Select(_ => RandomBytes(rng, 32)), new byte[32], Enumerable.Repeat((byte)0xff, 32).ToArray()];
        string[] hex = [.. keys.Select(k => Hex.Of(k))];
        ushort[] prefixes = [42, 0, 2, 63, 64, 255, 1284, 16383];
        JsonArray results = reference.Run([.. prefixes.Select(prefix => new { op = "ss58encode", prefix, keys = hex })]);
        for (int p = 0; p < prefixes.Length; p++)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                string theirs = (string)results[p]![i]!;
                Assert.True(theirs == Ss58.Encode(keys[i], prefixes[p]), $"prefix {prefixes[p]} key {hex[i]} (seed {_seed})");
                Assert.True(Ss58.TryDecode(theirs, out byte[] decoded, out ushort prefix, out string error), error);
                Assert.Equal(keys[i], decoded);
                Assert.Equal(prefixes[p], prefix);
            }
        }
    }

    [Fact]
    public void Ss58_CorruptedAddresses_RejectedLikePolkadot()
    {
        string good = Ss58.Encode(RandomBytes(new Random(_seed), 32));
        char swap = good[^3] == 'a' ? 'b' : 'a';
        string[] bad = [good[..^3] + swap + good[^2..], good[..^1], good + "1", good.Replace(good[5], '0'), good[..10] + "l" + good[11..], string.Empty];
        JsonArray theirs = reference.Run(new { op = "ss58decode", addresses = bad })[0]!.AsArray();
        for (int i = 0; i < bad.Length; i++)
        {
            Assert.Null(theirs[i]);
            Assert.False(Ss58.TryDecode(bad[i], out _, out _, out string error));
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        byte[] b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}

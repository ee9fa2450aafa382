using System.Text.Json.Nodes;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Extrinsics;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Chain.Subtensor.Tests.Extrinsics;

/// <summary>set_weights call bytes, signing payload and the whole signed v4 extrinsic against @polkadot/types.</summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class SetWeightsReferenceTests(SubstrateReferenceFixture reference)
{
    private const string MainnetGenesis = "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03";
    private readonly int _seed = Random.Shared.Next();

    [Theory]
    [InlineData(MetadataFixtures.V14File)]
    [InlineData(MetadataFixtures.V15File)]
    public void SignedSetWeights_EqualsPolkadotByteForByte_AndItsSignatureVerifiesThere(string file)
    {
        var rng = new Random(_seed);
        byte[] bytes = MetadataFixtures.Bytes(file);
        RuntimeMetadata metadata = file == MetadataFixtures.V14File ? MetadataDecoder.Decode(bytes) : MetadataDecoder.DecodeAtVersion(bytes);
        ushort netuid = (ushort)rng.Next(1, 300);
        var raw = Enumerable.Range(0, 4096).OrderBy(_ => rng.Next()).Take(rng.Next(2, 120)).ToDictionary(u => (ushort)u, _ => rng.NextDouble() * 10);
        raw[(ushort)rng.Next(4096, 5000)] = 0; // dropped
        (ushort[] uids, ushort[] weights) = WeightScaling.ToU16(raw);
        ulong versionKey = (ulong)rng.NextInt64(0, long.MaxValue);
        uint nonce = (uint)rng.Next();
        ulong current = (ulong)rng.Next(1, 8_000_000);
        byte[] blockHash = Bytes(rng, 32);
        Sr25519Keypair pair = Sr25519.FromSeed(Bytes(rng, 32));
        var context = new ExtrinsicContext(nonce, Era.Mortal(64, current), blockHash, Hex.Parse(MainnetGenesis), 320, 1, 0);

        byte[] call = SignedExtrinsic.Call(metadata, "SubtensorModule", "set_weights", new Dictionary<string, ScaleValue>
        {
            ["netuid"] = new ScaleValue.Number(netuid),
            ["dests"] = new ScaleValue.Sequence([.. uids.Select(u => (ScaleValue)new ScaleValue.Number(u))]),
            ["weights"] = new ScaleValue.Sequence([.. weights.Select(w => (ScaleValue)new ScaleValue.Number(w))]),
            ["version_key"] = new ScaleValue.Number(versionKey),
        });
        byte[] payload = SignedExtrinsic.SigningPayload(metadata, call, context);
        byte[] signature = Sr25519.Sign(pair, SignedExtrinsic.MessageToSign(payload));
        byte[] extrinsic = SignedExtrinsic.Build(metadata, call, context, pair.PublicKey, signature);

        string metadataPath = SubstrateReferenceFixture.FixturePath(file);
        JsonArray results = reference.Run(
            new
            {
                op = "extrinsic", metadata = metadataPath, pallet = "subtensorModule", call = "setWeights",
                args = new object[] { netuid, uids, weights, versionKey.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                nonce, current, period = 64, blockHash = Hex.Of(blockHash), genesisHash = MainnetGenesis, specVersion = 320, transactionVersion = 1,
                signer = Ss58.Encode(pair.PublicKey), signature = Hex.Of([0x01, .. signature]),
            },
            new { op = "sr25519Verify", items = new[] { new { publicKey = Hex.Of(pair.PublicKey), message = Hex.Of(SignedExtrinsic.MessageToSign(payload)), signature = Hex.Of(signature) } } },
            new { op = "decodeExtrinsic", metadata = metadataPath, data = Hex.Of(extrinsic) });

        JsonObject theirs = results[0]!.AsObject();
        Assert.Equal((string)theirs["call"]!, Hex.Of(call));
        Assert.Equal((string)theirs["era"]!, Hex.Of(context.Era));
        Assert.Equal((string)theirs["payload"]!, Hex.Of(payload));
        Assert.Equal((string)theirs["extrinsic"]!, Hex.Of(extrinsic));
        Assert.True((bool)results[1]![0]!["polkadot"]!);
        Assert.True((bool)results[1]![0]!["scure"]!);
        JsonObject decoded = results[2]!.AsObject();
        Assert.Equal(Ss58.Encode(pair.PublicKey), (string)decoded["signer"]!);
        Assert.Equal("setWeights", (string)decoded["method"]!);
        Assert.Equal(nonce, (uint)decoded["nonce"]!);
        Assert.Equal(uids.Select(u => (int)u), decoded["args"]![1]!.AsArray().Select(x => (int)x!));
        Assert.Equal(weights.Select(u => (int)u), decoded["args"]![2]!.AsArray().Select(x => (int)x!));
    }

    private static byte[] Bytes(Random rng, int n)
    {
        byte[] b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}

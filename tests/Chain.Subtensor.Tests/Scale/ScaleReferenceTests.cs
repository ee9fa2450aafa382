using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Chain.Subtensor.Tests.Scale;

/// <summary>SCALE bytes against @polkadot/util and @polkadot/types on fresh random values.</summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class ScaleReferenceTests(SubstrateReferenceFixture reference)
{
    private readonly int _seed = Random.Shared.Next();

    [Fact]
    public void Compact_RandomAndBoundaryValues_MatchPolkadotBytesAndRoundTrip()
    {
        var rng = new Random(_seed);
        List<UInt128> values = [0, 63, 64, 16383, 16384, (1u << 30) - 1, 1u << 30, uint.MaxValue, ulong.MaxValue, UInt128.MaxValue];
        for (int bits = 1; bits <= 128; bits += 3)
        {
            values.Add(RandomBits(rng, bits));
        }

        JsonArray expected = reference.Run(new { op = "compact", values = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray() })[0]!.AsArray();
        for (int i = 0; i < values.Count; i++)
        {
            byte[] encoded = new ScaleWriter().Compact(values[i]).ToArray();
            Assert.True(Hex.Of(encoded) == (string)expected[i]!, $"compact {values[i]} (seed {_seed})");
            var reader = new ScaleReader(encoded);
            Assert.Equal(values[i], reader.ReadCompact());
            reader.EnsureEnd();
        }
    }

    [Fact]
    public void TypedValues_EncodeAsPolkadotTypes()
    {
        var rng = new Random(_seed);
        ushort[] uids = [.. Enumerable.Range(0, 1 + rng.Next(300)).Select(_ => (ushort)rng.Next(65536))];
        byte[] payload = RandomBytes(rng, 70);
        ulong block = (ulong)rng.NextInt64();
        string text = "kl-distil:" + Convert.ToHexString(RandomBytes(rng, 20)) + " ünïcødé";
        UInt128 balance = RandomBits(rng, 120);

        JsonArray results = reference.Run(
            new { op = "encode", type = "Vec<u16>", values = new object[] { uids } },
            new { op = "encode", type = "Text", values = new object[] { text } },
            new { op = "encode", type = "Option<Text>", values = new object?[] { null, text } },
            new { op = "encode", type = "Vec<(Vec<u8>, u64)>", values = new object[] { new object[] { new object[] { Hex.Of(payload), block.ToString(CultureInfo.InvariantCulture) }, new object[] { "0x", "7" } } } },
            new { op = "encode", type = "u128", values = new object[] { balance.ToString(CultureInfo.InvariantCulture) } },
            new { op = "encode", type = "(bool, u16, u32, u64)", values = new object[] { new object[] { true, 65535, uint.MaxValue, block.ToString(CultureInfo.InvariantCulture) } } });

        Assert.Equal((string)results[0]![0]!, Hex.Of(new ScaleWriter().Vec(uids, (w, u) => w.U16(u)).Written));
        Assert.Equal((string)results[1]![0]!, Hex.Of(new ScaleWriter().Text(text).Written));
        Assert.Equal((string)results[2]![0]!, Hex.Of(new ScaleWriter().Option<string>(null, (w, s) => w.Text(s)).Written));
        Assert.Equal((string)results[2]![1]!, Hex.Of(new ScaleWriter().Option(text, (w, s) => w.Text(s)).Written));
        (byte[] Data, ulong Block)[] reveals = [(payload, block), ([], 7)];
        Assert.Equal((string)results[3]![0]!, Hex.Of(new ScaleWriter().Vec(reveals, (w, r) => w.Bytes(r.Data).U64(r.Block)).Written));
        Assert.Equal((string)results[4]![0]!, Hex.Of(new ScaleWriter().U128(balance).Written));
        Assert.Equal((string)results[5]![0]!, Hex.Of(new ScaleWriter().Bool(true).U16(65535).U32(uint.MaxValue).U64(block).Written));

        var reader = new ScaleReader(Hex.Parse((string)results[3]![0]!));
        var decoded = reader.ReadVec(10, static (ref ScaleReader r) => (r.ReadBytes(1024).ToArray(), r.ReadU64()));
        reader.EnsureEnd();
        Assert.Equal(payload, decoded[0].Item1);
        Assert.Equal(block, decoded[0].Item2);
        Assert.Empty(decoded[1].Item1);
        Assert.Equal(7ul, decoded[1].Item2);
    }

    private static UInt128 RandomBits(Random rng, int bits)
    {
        byte[] bytes = RandomBytes(rng, 16);
        var v = (UInt128)new BigInteger(bytes, isUnsigned: true);
        return bits == 128 ? v | (UInt128.One << 127) : (v & ((UInt128.One << bits) - 1)) | (UInt128.One << (bits - 1));
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        byte[] b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}

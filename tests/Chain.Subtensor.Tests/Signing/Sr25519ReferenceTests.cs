using System.Text.Json.Nodes;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Chain.Subtensor.Tests.Signing;

/// <summary>sr25519 against @polkadot/util-crypto (schnorrkel compiled to wasm) and @scure/sr25519, both ways.</summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class Sr25519ReferenceTests(SubstrateReferenceFixture reference)
{
    private readonly int _seed = Random.Shared.Next();

    [Fact]
    public void FromSeed_RandomSeeds_EqualBothReferences()
    {
        var rng = new Random(_seed);
        byte[][] seeds = [.. Enumerable.Range(0, 8).Select(_ => Bytes(rng, 32))];
        JsonArray theirs = reference.Run(new { op = "sr25519FromSeed", seeds = seeds.Select(s => Hex.Of(s)).ToArray() })[0]!.AsArray();
        for (int i = 0; i < seeds.Length; i++)
        {
            Sr25519Keypair ours = Sr25519.FromSeed(seeds[i]);
            foreach (string lib in new[] { "polkadot", "scure" })
            {
                Assert.True((string)theirs[i]![lib]!["publicKey"]! == Hex.Of(ours.PublicKey), $"{lib} public key, seed {_seed}");
                // The references keep the key in schnorrkel's "ed25519 bytes" form: the scalar times the cofactor.
                Assert.True((string)theirs[i]![lib]!["secretKey"]! == Hex.Of([.. ours.ToEd25519Bytes()]), $"{lib} secret key, seed {_seed}");
            }
        }
    }

    [Fact]
    public void Signatures_OursVerifyInBoth_TheirsVerifyInOurs_TamperedFailEverywhere()
    {
        var rng = new Random(_seed);
        var items = Enumerable.Range(0, 6).Select(i => (Seed: Bytes(rng, 32), Message: Bytes(rng, i == 0 ? 0 : rng.Next(1, 400)))).ToArray();
        var ours = items.Select(it => (Pair: Sr25519.FromSeed(it.Seed), it.Message)).Select(x => (x.Pair, x.Message, Signature: Sr25519.Sign(x.Pair, x.Message, Bytes(rng, 32)))).ToArray();
        var tampered = ours.Select(x => { byte[] m = [.. x.Message, 0x01]; return (x.Pair, Message: m, x.Signature); });
        var wrongKey = ours.Select((x, i) => (ours[(i + 1) % ours.Length].Pair, x.Message, x.Signature));
        var checks = ours.Concat(tampered).Concat(wrongKey).ToArray();

        JsonArray results = reference.Run(
            new { op = "sr25519Verify", items = checks.Select(c => new { publicKey = Hex.Of(c.Pair.PublicKey), message = Hex.Of(c.Message), signature = Hex.Of(c.Signature) }).ToArray() },
            new { op = "sr25519Sign", items = items.Select(it => new { seed = Hex.Of(it.Seed), message = Hex.Of(it.Message) }).ToArray() });

        for (int i = 0; i < checks.Length; i++)
        {
            bool valid = i < ours.Length;
            Assert.True((bool)results[0]![i]!["polkadot"]! == valid, $"polkadot verify #{i} (seed {_seed})");
            Assert.True((bool)results[0]![i]!["scure"]! == valid, $"scure verify #{i} (seed {_seed})");
            Assert.Equal(valid, Sr25519.Verify(checks[i].Pair.PublicKey, checks[i].Message, checks[i].Signature));
        }

        for (int i = 0; i < items.Length; i++)
        {
            byte[] publicKey = Sr25519.FromSeed(items[i].Seed).PublicKey;
            foreach (string lib in new[] { "polkadot", "scure" })
            {
                byte[] signature = Hex.Parse((string)results[1]![i]![lib]!);
                Assert.True(Sr25519.Verify(publicKey, items[i].Message, signature), $"{lib} signature #{i} (seed {_seed})");
                byte[] flipped = (byte[])signature.Clone();
                flipped[rng.Next(32)] ^= 0x10;
                Assert.False(Sr25519.Verify(publicKey, items[i].Message, flipped));
            }
        }
    }

    [Fact]
    public void Ristretto_RandomAndSmallMultiples_EqualNobleCurves()
    {
        var rng = new Random(_seed);
        var scalars = Enumerable.Range(1, 16).Select(i => new System.Numerics.BigInteger(i))
            .Concat(Enumerable.Range(0, 16).Select(_ => new System.Numerics.BigInteger(Bytes(rng, 32), isUnsigned: true) % Scalar25519.L))
            .Where(k => !k.IsZero).ToArray();
        JsonArray theirs = reference.Run(new { op = "ristrettoBaseMul", scalars = scalars.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() })[0]!.AsArray();
        for (int i = 0; i < scalars.Length; i++)
        {
            byte[] le = new byte[32];
            scalars[i].TryWriteBytes(le, out _, isUnsigned: true);
            byte[] ours = RistrettoPoint.Base.Multiply(le).Encode();
            Assert.True(string.Equals((string)theirs[i]!, Convert.ToHexString(ours), StringComparison.OrdinalIgnoreCase), $"{scalars[i]}·B (seed {_seed})");
            Assert.Equal(ours, RistrettoPoint.Decode(ours)!.Encode());
        }
    }

    [Fact]
    public void Verify_WithoutSchnorrkelMarker_IsRejected()
    {
        Sr25519Keypair pair = Sr25519.FromSeed(new byte[32]);
        byte[] signature = Sr25519.Sign(pair, "m"u8.ToArray());
        Assert.True(Sr25519.Verify(pair.PublicKey, "m"u8, signature));
        signature[63] &= 127;
        Assert.False(Sr25519.Verify(pair.PublicKey, "m"u8, signature));
    }

    [Fact]
    public void Keypair_ToString_HidesTheSecret()
    {
        Sr25519Keypair pair = Sr25519.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        string text = pair.ToString();
        Assert.DoesNotContain(Convert.ToHexString(pair.Key)[..16], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(pair.Nonce)[..16], text, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] Bytes(Random rng, int n)
    {
        byte[] b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}

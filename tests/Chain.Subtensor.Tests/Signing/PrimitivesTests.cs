using Org.BouncyCastle.Crypto.Digests;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Chain.Subtensor.Tests.Signing;

/// <summary>Keccak-f[1600], Merlin/STROBE and Ristretto255 against published vectors and an independent SHA-3.</summary>
public sealed class PrimitivesTests
{
    [Fact]
    public void KeccakF1600_ZeroState_IsTheKnownVector()
    {
        // Keccak team's KeccakF-1600-IntermediateValues.txt: the state after one permutation of all zeros.
        ulong[] lanes = new ulong[25];
        KeccakF1600.Permute(lanes);
        Assert.Equal(0xF1258F7940E1DDE7ul, lanes[0]);
        Assert.Equal(0x84D5CCF933C0478Aul, lanes[1]);
        Assert.Equal(0xEAF1FF7B5CECA249ul, lanes[24]);
        KeccakF1600.Permute(lanes);
        Assert.Equal(0x2D5C954DF96ECB3Cul, lanes[0]);
    }

    [Fact]
    public void KeccakF1600_AsSha3Sponge_EqualsBouncyCastleSha3OnRandomInputs()
    {
        var rng = new Random(Random.Shared.Next());
        foreach (int length in new[] { 0, 1, 135, 136, 137, 500, 4096 })
        {
            byte[] input = new byte[length];
            rng.NextBytes(input);
            var reference = new Sha3Digest(256);
            reference.BlockUpdate(input);
            byte[] expected = new byte[32];
            reference.DoFinal(expected, 0);
            Assert.Equal(expected, Sha3Via(input));
        }
    }

    [Fact]
    public void Merlin_PublishedTranscriptVector()
    {
        // merlin crate, transcript.rs test "equivalence_simple".
        var t = new MerlinTranscript("test protocol");
        t.AppendMessage("some label", "some data"u8);
        byte[] challenge = new byte[32];
        t.ChallengeBytes("challenge", challenge);
        Assert.Equal("d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615", Convert.ToHexString(challenge).ToLowerInvariant());
    }

    [Fact]
    public void Ristretto_FirstMultiplesOfTheBase_AreRfc9496Vectors()
    {
        string[] expected =
        [
            "0000000000000000000000000000000000000000000000000000000000000000",
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
            "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            byte[] scalar = new byte[32];
            scalar[0] = (byte)i;
            Assert.Equal(expected[i], Convert.ToHexString(RistrettoPoint.Base.Multiply(scalar).Encode()).ToLowerInvariant());
        }
    }

    [Theory]
    [InlineData("00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // non-canonical field element
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")] // non-canonical
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")] // negative
    [InlineData("26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371")] // RFC 9496 bad encoding (not square)
    public void Ristretto_BadEncodings_AreRejected(string hex)
        => Assert.Null(RistrettoPoint.Decode(Convert.FromHexString(hex)));

    [Fact]
    public void FieldConstant_InvSqrtAMinusD_IsTheRfcValue()
    {
        byte[] le = FieldElement.Encode(FieldElement.InvSqrtAMinusD);
        var value = new System.Numerics.BigInteger(le, isUnsigned: true);
        Assert.Equal(System.Numerics.BigInteger.Parse("54469307008909316920995813868745141605393597292927456921205312896311721017578", System.Globalization.CultureInfo.InvariantCulture), value);
    }

    private static byte[] Sha3Via(byte[] input)
    {
        const int rate = 136;
        byte[] padded = new byte[((input.Length / rate) + 1) * rate];
        input.CopyTo(padded, 0);
        padded[input.Length] ^= 0x06;
        padded[^1] ^= 0x80;
        byte[] state = new byte[200];
        for (int block = 0; block < padded.Length; block += rate)
        {
            for (int i = 0; i < rate; i++)
            {
                state[i] ^= padded[block + i];
            }

            KeccakF1600.Permute(state);
        }

        return state[..32];
    }
}

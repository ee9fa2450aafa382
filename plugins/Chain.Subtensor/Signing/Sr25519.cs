using System.Security.Cryptography;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>
/// sr25519 as Substrate uses it (schnorrkel 0.11): Schnorr signatures over Ristretto255 with Merlin transcripts,
/// the "substrate" signing context, and mini-secret expansion in Ed25519 mode.
/// </summary>
internal static class Sr25519
{
    /// <summary>The signing context of every Substrate extrinsic.</summary>
    public const string SubstrateContext = "substrate";

    /// <summary>Expands a 32-byte mini secret (a wallet's secretSeed) to (key scalar, nonce) and the public key.</summary>
    public static Sr25519Keypair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException($"An sr25519 seed is 32 bytes, not {seed.Length}.", nameof(seed));
        }

        byte[] h = SHA512.HashData(seed);
        byte[] key = h[..32];
        key[0] &= 248;
        key[31] &= 63;
        key[31] |= 64;
        DivideByCofactor(key);
        byte[] nonce = h[32..];
        CryptographicOperations.ZeroMemory(h);
        byte[] publicKey = RistrettoPoint.Base.Multiply(key).Encode();
        return new Sr25519Keypair(key, nonce, publicKey);
    }

    /// <summary>Signs <paramref name="message"/>; <paramref name="randomness"/> is 32 fresh random bytes (tests fix them).</summary>
    public static byte[] Sign(Sr25519Keypair keypair, ReadOnlySpan<byte> message, ReadOnlySpan<byte> randomness, string context = SubstrateContext)
    {
        ArgumentNullException.ThrowIfNull(keypair);
        MerlinTranscript t = SigningTranscript(context, message, keypair.PublicKey);
        byte[] wide = new byte[64];
        t.WitnessBytes("signing", keypair.Nonce, randomness, wide);
        byte[] r = Scalar25519.FromWide(wide);
        CryptographicOperations.ZeroMemory(wide);
        byte[] bigR = RistrettoPoint.Base.Multiply(r).Encode();
        t.AppendMessage("sign:R", bigR);
        byte[] challenge = new byte[64];
        t.ChallengeBytes("sign:c", challenge);
        byte[] k = Scalar25519.FromWide(challenge);
        byte[] s = Scalar25519.MulAdd(k, keypair.Key, r);
        CryptographicOperations.ZeroMemory(r);
        byte[] signature = [.. bigR, .. s];
        signature[63] |= 128; // schnorrkel's marker: not an Ed25519 signature
        return signature;
    }

    /// <summary>Signs with fresh randomness from the system RNG.</summary>
    public static byte[] Sign(Sr25519Keypair keypair, ReadOnlySpan<byte> message)
        => Sign(keypair, message, RandomNumberGenerator.GetBytes(32));

    /// <summary>Verifies a schnorrkel signature (marker bit required, canonical s, valid points). Variable time: public data.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string context = SubstrateContext)
    {
        if (signature.Length != 64 || publicKey.Length != 32 || (signature[63] & 128) == 0)
        {
            return false;
        }

        byte[] s = signature[32..].ToArray();
        s[31] &= 127;
        RistrettoPoint? a = RistrettoPoint.Decode(publicKey);
        if (a is null || RistrettoPoint.Decode(signature[..32]) is null || !Scalar25519.IsCanonical(s))
        {
            return false;
        }

        MerlinTranscript t = SigningTranscript(context, message, publicKey);
        t.AppendMessage("sign:R", signature[..32]);
        byte[] challenge = new byte[64];
        t.ChallengeBytes("sign:c", challenge);
        byte[] k = Scalar25519.FromWide(challenge);
        byte[] expected = RistrettoPoint.Base.Multiply(s).Add(a.Negate().Multiply(k)).Encode();
        return CryptographicOperations.FixedTimeEquals(expected, signature[..32]);
    }

    private static MerlinTranscript SigningTranscript(string context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        var t = new MerlinTranscript("SigningContext");
        t.AppendMessage(string.Empty, System.Text.Encoding.UTF8.GetBytes(context));
        t.AppendMessage("sign-bytes", message);
        t.AppendMessage("proto-name", "Schnorr-sig"u8);
        t.AppendMessage("sign:pk", publicKey);
        return t;
    }

    /// <summary>Divides little-endian scalar bytes by 8 (schnorrkel keeps the key free of the cofactor).</summary>
    private static void DivideByCofactor(byte[] scalar)
    {
        int low = 0;
        for (int i = scalar.Length - 1; i >= 0; i--)
        {
            int r = scalar[i] & 7;
            scalar[i] = (byte)((scalar[i] >> 3) + low);
            low = r << 5;
        }
    }
}

/// <summary>An expanded sr25519 secret: the key scalar, the nonce seed, and the public key. Never logged.</summary>
/// <param name="Key">The secret scalar (32 bytes, little-endian).</param>
/// <param name="Nonce">The nonce seed (32 bytes).</param>
/// <param name="PublicKey">The compressed Ristretto public key.</param>
internal sealed record Sr25519Keypair(byte[] Key, byte[] Nonce, byte[] PublicKey)
{
    /// <summary>schnorrkel's 64-byte "ed25519" secret form (the key times the cofactor, then the nonce), as wallets store it.</summary>
    public byte[] ToEd25519Bytes()
    {
        byte[] bytes = [.. Key, .. Nonce];
        int carry = 0;
        for (int i = 0; i < 32; i++)
        {
            int v = (bytes[i] << 3) | carry;
            bytes[i] = (byte)v;
            carry = v >> 8;
        }

        return bytes;
    }

    /// <summary>Redacted: a keypair's secrets never reach a log.</summary>
    public override string ToString() => $"sr25519 keypair {Convert.ToHexString(PublicKey)[..8]}… (secret redacted)";
}

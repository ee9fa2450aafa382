using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tournament.Abstractions;

/// <summary>
/// The 32-byte seed of a round, derived from the block <b>hash</b> (never the number alone):
/// <c>SHA-256("tournament/round-seed/v1" ‖ 0x00 ‖ hashBytes)</c>, where <c>hashBytes</c> are the bytes of the hex
/// block hash (an optional <c>0x</c> prefix removed). Sub-seeds for a purpose are
/// <c>SHA-256(seed ‖ 0x00 ‖ UTF-8(label))</c>. These definitions are part of consensus: two validators with the same
/// block hash derive identical seeds on any OS.
/// </summary>
public sealed class RoundSeed : IEquatable<RoundSeed>
{
    private const string Domain = "tournament/round-seed/v1";
    private readonly byte[] _bytes;

    private RoundSeed(byte[] bytes) => _bytes = bytes;

    /// <summary>The seed bytes (32).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Derives the seed of a round from its block hash.</summary>
    /// <param name="blockHash">Hex block hash, with or without a 0x prefix.</param>
    public static RoundSeed FromBlockHash(string blockHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blockHash);
        var hex = blockHash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? blockHash[2..] : blockHash;
        byte[] hashBytes;
        try
        {
            hashBytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"Block hash '{blockHash}' is not hexadecimal.");
        }

        var input = new byte[Domain.Length + 1 + hashBytes.Length];
        Encoding.ASCII.GetBytes(Domain, input);
        hashBytes.CopyTo(input, Domain.Length + 1);
        return new RoundSeed(SHA256.HashData(input));
    }

    /// <summary>Creates a seed from exactly 32 bytes (for example one stored in the state).</summary>
    /// <param name="bytes">The bytes.</param>
    public static RoundSeed FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException("A round seed has 32 bytes.", nameof(bytes));
        }

        return new RoundSeed(bytes.ToArray());
    }

    /// <summary>Parses the lower-case hex form produced by <see cref="ToString"/>.</summary>
    /// <param name="hex">64 hex characters.</param>
    public static RoundSeed Parse(string hex) => FromBytes(Convert.FromHexString(hex));

    /// <summary>Derives an independent sub-seed for a purpose, e.g. <c>"prompts"</c> or <c>"duel/hotkey"</c>.</summary>
    /// <param name="label">The purpose label.</param>
    public RoundSeed Derive(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var input = new byte[32 + 1 + labelBytes.Length];
        _bytes.CopyTo(input, 0);
        labelBytes.CopyTo(input, 33);
        return new RoundSeed(SHA256.HashData(input));
    }

    /// <summary>
    /// The label prefix of a challenger's prompt seed: <see cref="ForChallenger"/> derives
    /// <c>Derive("prompts/challenger/v1:" + hotkey)</c>. Part of consensus: a new scheme takes a new version.
    /// </summary>
    public const string ChallengerPromptsLabel = "prompts/challenger/v1:";

    /// <summary>
    /// The prompt seed of one challenger in a round: a hash of the block hash (through this round seed) and the
    /// challenger's hotkey, so each challenger meets its own samples and nobody can choose them by timing a commit.
    /// </summary>
    /// <param name="hotkey">The challenger's hotkey.</param>
    public RoundSeed ForChallenger(string hotkey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hotkey);
        return Derive(ChallengerPromptsLabel + hotkey);
    }

    /// <summary>The first 8 bytes as a little-endian unsigned integer.</summary>
    public ulong ToUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(_bytes);

    /// <summary>The first 4 bytes as a non-negative 31-bit integer (for APIs that take an <see cref="int"/> seed).</summary>
    public int ToInt32() => (int)(BinaryPrimitives.ReadUInt32LittleEndian(_bytes) & 0x7FFF_FFFF);

    /// <summary>Lower-case hex of the 32 bytes.</summary>
    public override string ToString() => Convert.ToHexStringLower(_bytes);

    /// <inheritdoc />
    public bool Equals(RoundSeed? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RoundSeed);

    /// <inheritdoc />
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_bytes);
}

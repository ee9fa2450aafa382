using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tournament.Engine.Chain;

/// <summary>
/// The local ledger's block hashes, a deterministic hash chain:
/// <c>hash(0) = SHA-256(UTF-8("tournament/local-chain/v1/" + seed))</c>,
/// <c>hash(n) = SHA-256(hash(n−1) ‖ n as 8-byte little-endian)</c>, shown as <c>0x</c> + 64 lower-case hex digits.
/// Walking forward from the last computed block (and from checkpoints kept every <see cref="CheckpointInterval"/>
/// blocks) makes the usual access pattern, an advancing head, O(1) amortised.
/// </summary>
internal sealed class BlockHashChain
{
    /// <summary>The domain prefix of the genesis hash.</summary>
    public const string Domain = "tournament/local-chain/v1/";

    /// <summary>Blocks between kept checkpoints.</summary>
    public const long CheckpointInterval = 4096;

    private readonly Lock _gate = new();
    private readonly List<byte[]> _checkpoints = [];
    private long _lastBlock;
    private byte[] _lastHash;

    /// <summary>Creates the chain for a seed.</summary>
    /// <param name="seed">The genesis seed.</param>
    public BlockHashChain(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        _lastHash = SHA256.HashData(Encoding.UTF8.GetBytes(Domain + seed));
        _checkpoints.Add(_lastHash);
    }

    /// <summary>The hash of block <paramref name="number"/> as <c>0x</c> + lower-case hex.</summary>
    /// <param name="number">The block number (≥ 0).</param>
    public string HashOf(long number) => "0x" + Convert.ToHexStringLower(HashBytesOf(number));

    /// <summary>The 32 hash bytes of block <paramref name="number"/>.</summary>
    /// <param name="number">The block number (≥ 0).</param>
    public byte[] HashBytesOf(long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        lock (_gate)
        {
            long block;
            byte[] hash;
            if (number >= _lastBlock)
            {
                (block, hash) = (_lastBlock, _lastHash);
            }
            else
            {
                var index = (int)Math.Min(number / CheckpointInterval, _checkpoints.Count - 1);
                (block, hash) = (index * CheckpointInterval, _checkpoints[index]);
            }

            Span<byte> input = stackalloc byte[40];
            while (block < number)
            {
                block++;
                hash.CopyTo(input);
                BinaryPrimitives.WriteInt64LittleEndian(input[32..], block);
                hash = SHA256.HashData(input);
                if (block % CheckpointInterval == 0 && block / CheckpointInterval == _checkpoints.Count)
                {
                    _checkpoints.Add(hash);
                }
            }

            if (number >= _lastBlock)
            {
                (_lastBlock, _lastHash) = (number, hash);
            }

            return (byte[])hash.Clone();
        }
    }
}

using System.Buffers.Binary;
using System.Numerics;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>
/// The Keccak-f[1600] permutation (24 rounds) over a 200-byte state, little-endian lanes. STROBE needs the raw
/// permutation, which no served library exposes. Data-independent: no branches or table lookups on state.
/// </summary>
internal static class KeccakF1600
{
    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    // Rotation offsets and the pi lane order, walked as the reference implementation does.
    private static readonly int[] Rotations = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];
    private static readonly int[] PiLanes = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    /// <summary>Permutes a 200-byte state in place.</summary>
    public static void Permute(Span<byte> state)
    {
        if (state.Length != 200)
        {
            throw new ArgumentException("A Keccak-f[1600] state is 200 bytes.", nameof(state));
        }

        Span<ulong> a = stackalloc ulong[25];
        for (int i = 0; i < 25; i++)
        {
            a[i] = BinaryPrimitives.ReadUInt64LittleEndian(state[(8 * i)..]);
        }

        Permute(a);
        for (int i = 0; i < 25; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(state[(8 * i)..], a[i]);
        }
    }

    /// <summary>Permutes 25 lanes in place.</summary>
    public static void Permute(Span<ulong> a)
    {
        Span<ulong> c = stackalloc ulong[5];
        for (int round = 0; round < 24; round++)
        {
            for (int x = 0; x < 5; x++)
            {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }

            for (int x = 0; x < 5; x++)
            {
                ulong d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5)
                {
                    a[y + x] ^= d;
                }
            }

            ulong current = a[1];
            for (int i = 0; i < 24; i++)
            {
                int j = PiLanes[i];
                ulong next = a[j];
                a[j] = BitOperations.RotateLeft(current, Rotations[i]);
                current = next;
            }

            for (int y = 0; y < 25; y += 5)
            {
                ulong a0 = a[y], a1 = a[y + 1], a2 = a[y + 2], a3 = a[y + 3], a4 = a[y + 4];
                a[y] = a0 ^ (~a1 & a2);
                a[y + 1] = a1 ^ (~a2 & a3);
                a[y + 2] = a2 ^ (~a3 & a4);
                a[y + 3] = a3 ^ (~a4 & a0);
                a[y + 4] = a4 ^ (~a0 & a1);
            }

            a[0] ^= RoundConstants[round];
        }
    }
}

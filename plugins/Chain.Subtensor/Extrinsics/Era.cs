namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>A mortal era (sp_runtime::generic::Era): valid for <c>period</c> blocks from the block it was made at.</summary>
public static class Era
{
    /// <summary>The two-byte mortal era for <paramref name="period"/> (rounded up to a power of two in 4..65536) at <paramref name="current"/>.</summary>
    /// <param name="period">The wanted validity in blocks.</param>
    /// <param name="current">The block the transaction is made at (its hash goes in the signed payload).</param>
    public static byte[] Mortal(ulong period, ulong current)
    {
        ulong p = Math.Clamp(period <= 1 ? 4 : (ulong)1 << (64 - System.Numerics.BitOperations.LeadingZeroCount(period - 1)), 4, 1 << 16);
        ulong phase = current % p;
        ulong quantizeFactor = Math.Max(p >> 12, 1);
        ulong quantizedPhase = phase / quantizeFactor * quantizeFactor;
        int trailing = System.Numerics.BitOperations.TrailingZeroCount(p);
        ulong encoded = (ulong)(uint)Math.Min(15, Math.Max(1, trailing - 1)) | ((quantizedPhase / quantizeFactor) << 4);
        return [(byte)encoded, (byte)(encoded >> 8)];
    }
}

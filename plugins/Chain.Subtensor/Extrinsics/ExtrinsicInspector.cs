using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>Who signed a v4 extrinsic and which call it makes, read with the runtime's own extension and call indices.</summary>
/// <param name="Signer">The signer's account id (MultiAddress::Id), or null for an unsigned extrinsic or another address kind.</param>
/// <param name="Pallet">The call's pallet.</param>
/// <param name="Call">The call's name.</param>
internal sealed record ExtrinsicSummary(byte[]? Signer, string Pallet, string Call)
{
    private const int MaxExtrinsicBytes = 8 << 20;

    /// <summary>Reads the summary of one extrinsic (with its compact length prefix); a malformed one is a <see cref="ScaleFormatException"/>.</summary>
    public static ExtrinsicSummary Read(RuntimeMetadata metadata, ReadOnlySpan<byte> extrinsic)
    {
        var reader = new ScaleReader(extrinsic);
        int length = reader.ReadLength(MaxExtrinsicBytes);
        if (length != reader.Remaining)
        {
            throw new ScaleFormatException($"the extrinsic's length prefix says {length} bytes but {reader.Remaining} follow");
        }

        byte version = reader.ReadU8();
        if ((version & 0x7f) != 4)
        {
            throw new ScaleFormatException($"extrinsic version {version & 0x7f} is not 4");
        }

        byte[]? signer = null;
        if ((version & 0x80) != 0)
        {
            byte address = reader.ReadU8();
            byte[] account = reader.ReadRaw(address switch { 0 => 32, 2 => 32, 3 => 20, _ => throw new ScaleFormatException($"address kind {address} is not supported") }).ToArray();
            signer = address == 0 ? account : null;
            byte scheme = reader.ReadU8();
            reader.ReadRaw(scheme switch { 0 or 1 => 64, 2 => 65, _ => throw new ScaleFormatException($"signature kind {scheme} is unknown") });
            foreach (SignedExtensionMetadata e in metadata.SignedExtensions)
            {
                ScaleValueDecoder.Decode(metadata, e.TypeId, ref reader);
            }
        }

        byte palletIndex = reader.ReadU8();
        byte callIndex = reader.ReadU8();
        PalletMetadata pallet = metadata.Pallets.FirstOrDefault(p => p.Index == palletIndex)
            ?? throw new ScaleFormatException($"no pallet has index {palletIndex}");
        CallMetadata call = pallet.Calls.Values.FirstOrDefault(c => c.Index == callIndex)
            ?? throw new ScaleFormatException($"pallet {pallet.Name} has no call {callIndex}");
        return new ExtrinsicSummary(signer, pallet.Name, call.Name);
    }
}

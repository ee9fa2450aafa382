using Tournament.Plugins.Chain.Subtensor.Hashing;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>What a signed extrinsic commits to besides its call.</summary>
/// <param name="Nonce">The account's next index (system_accountNextIndex).</param>
/// <param name="Era">The two-byte mortal era (see <see cref="Extrinsics.Era"/>).</param>
/// <param name="EraBlockHash">The hash of the block the era starts at.</param>
/// <param name="GenesisHash">The chain's genesis hash.</param>
/// <param name="SpecVersion">The runtime's spec version.</param>
/// <param name="TransactionVersion">The runtime's transaction version.</param>
/// <param name="Tip">The tip (0).</param>
public sealed record ExtrinsicContext(uint Nonce, byte[] Era, byte[] EraBlockHash, byte[] GenesisHash, uint SpecVersion, uint TransactionVersion, UInt128 Tip);

/// <summary>
/// Builds calls and signed v4 extrinsics from the runtime's metadata: pallet and call indices, argument types and the
/// signed-extension list (in its order) all come from the chain. An extension it does not know is accepted only when
/// both its parts are empty; otherwise it refuses to sign rather than guess.
/// </summary>
public static class SignedExtrinsic
{
    /// <summary>The bytes of a call: pallet index, call index, then each argument as its metadata type.</summary>
    /// <param name="metadata">The runtime metadata.</param>
    /// <param name="pallet">The pallet's name.</param>
    /// <param name="call">The call's name.</param>
    /// <param name="arguments">The arguments by name.</param>
    public static byte[] Call(RuntimeMetadata metadata, string pallet, string call, IReadOnlyDictionary<string, ScaleValue> arguments)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(arguments);
        (byte palletIndex, CallMetadata c) = metadata.Call(pallet, call);
        var writer = new ScaleWriter().U8(palletIndex).U8(c.Index);
        foreach (MetadataField arg in c.Arguments)
        {
            ScaleValue value = arguments.TryGetValue(arg.Name ?? string.Empty, out ScaleValue? v)
                ? v
                : throw new ArgumentException($"{pallet}.{call} needs argument '{arg.Name}'.", nameof(arguments));
            ScaleValueEncoder.Encode(metadata, arg.TypeId, value, writer);
        }

        if (arguments.Count != c.Arguments.Count)
        {
            throw new ArgumentException($"{pallet}.{call} takes {c.Arguments.Count} arguments, not {arguments.Count}.", nameof(arguments));
        }

        return writer.ToArray();
    }

    /// <summary>The signing payload: call, extensions' extra parts, extensions' additional parts (signed as is, or its BLAKE2b-256 when over 256 bytes).</summary>
    public static byte[] SigningPayload(RuntimeMetadata metadata, byte[] call, ExtrinsicContext context)
    {
        ArgumentNullException.ThrowIfNull(call);
        var payload = new ScaleWriter().Raw(call);
        (byte[] extra, byte[] additional) = Extensions(metadata, context);
        payload.Raw(extra).Raw(additional);
        return payload.ToArray();
    }

    /// <summary>The message the signature covers: the payload, or its BLAKE2b-256 when it is over 256 bytes.</summary>
    public static byte[] MessageToSign(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.Length > 256 ? SubstrateHash.Blake2b(payload, 256) : payload;
    }

    /// <summary>A signed v4 extrinsic with its compact length prefix, ready for author_submitExtrinsic.</summary>
    public static byte[] Build(RuntimeMetadata metadata, byte[] call, ExtrinsicContext context, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.ExtrinsicVersion != 4)
        {
            throw new NotSupportedException($"The runtime uses extrinsic version {metadata.ExtrinsicVersion}; only version 4 is supported.");
        }

        (byte[] extra, _) = Extensions(metadata, context);
        var body = new ScaleWriter()
            .U8(0x84) // signed, version 4
            .U8(0x00).Raw(publicKey) // MultiAddress::Id
            .U8(0x01).Raw(signature) // MultiSignature::Sr25519
            .Raw(extra)
            .Raw(call);
        return new ScaleWriter().Bytes(body.Written).ToArray();
    }

    /// <summary>Signs and builds in one step.</summary>
    internal static byte[] SignAndBuild(RuntimeMetadata metadata, byte[] call, ExtrinsicContext context, Sr25519Keypair keypair)
    {
        ArgumentNullException.ThrowIfNull(keypair);
        byte[] signature = Sr25519.Sign(keypair, MessageToSign(SigningPayload(metadata, call, context)));
        return Build(metadata, call, context, keypair.PublicKey, signature);
    }

    private static (byte[] Extra, byte[] Additional) Extensions(RuntimeMetadata metadata, ExtrinsicContext context)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(context);
        var extra = new ScaleWriter();
        var additional = new ScaleWriter();
        foreach (SignedExtensionMetadata e in metadata.SignedExtensions)
        {
            switch (e.Identifier)
            {
                case "CheckSpecVersion":
                    additional.U32(context.SpecVersion);
                    break;
                case "CheckTxVersion":
                    additional.U32(context.TransactionVersion);
                    break;
                case "CheckGenesis":
                    additional.Raw(context.GenesisHash);
                    break;
                case "CheckMortality" or "CheckEra":
                    extra.Raw(context.Era);
                    additional.Raw(context.EraBlockHash);
                    break;
                case "CheckNonce":
                    extra.Compact(context.Nonce);
                    break;
                case "ChargeTransactionPayment":
                    extra.Compact(context.Tip);
                    break;
                case "CheckMetadataHash":
                    extra.U8(0); // Mode::Disabled
                    additional.U8(0); // None
                    break;
                default:
                    if (!IsEmpty(metadata, e.TypeId) || !IsEmpty(metadata, e.AdditionalSignedTypeId))
                    {
                        throw new NotSupportedException($"The runtime's signed extension {e.Identifier} carries data this client does not know how to fill; refusing to sign.");
                    }

                    break;
            }
        }

        return (extra.ToArray(), additional.ToArray());
    }

    private static bool IsEmpty(RuntimeMetadata metadata, uint typeId) => metadata.Type(typeId) switch
    {
        { Kind: TypeKind.Composite } t => t.Fields.All(f => IsEmpty(metadata, f.TypeId)),
        { Kind: TypeKind.Tuple } t => t.TupleTypes.All(x => IsEmpty(metadata, x)),
        { Kind: TypeKind.Array, Length: 0 } => true,
        _ => false,
    };
}

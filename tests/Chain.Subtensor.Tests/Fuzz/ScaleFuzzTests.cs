using CsCheck;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Fuzzing;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Chain.Subtensor.Tests.Fuzz;

/// <summary>Issue 16: SCALE bytes come from a node. Values written by <see cref="ScaleWriter"/> read back; any bytes
/// decoded as any type of the real metadata either decode (and re-encode to the same bytes) or are refused with
/// <see cref="ScaleFormatException"/>; mutated metadata is refused with <see cref="MetadataFormatException"/>.</summary>
public sealed class ScaleFuzzTests
{
    private static readonly Gen<(UInt128 Compact, string Text, ulong[] Items, string? Note)> Values =
        Gen.Select(Gen.UInt128, Gen.String[Gen.Char[" az09\u00e9\u4f60\u0000\n"], 0, 40], Gen.ULong.Array[0, 20], Gen.String[Gen.Char.AlphaNumeric, 0, 8].Null());

    [Fact]
    public void WrittenValues_ReadBack()
    {
        new FuzzProperty("scale/round-trip").Run(Values, v => v.Text.Length * 4 + 200, v =>
        {
            var bytes = new ScaleWriter().Compact(v.Compact).Text(v.Text).Vec(v.Items, (w, x) => w.U64(x)).Option(v.Note, (w, n) => w.Text(n)).ToArray();
            var r = new ScaleReader(bytes);
            Assert.Equal(v.Compact, r.ReadCompact());
            Assert.Equal(v.Text, r.ReadString(1 << 20));
            Assert.Equal(v.Items, r.ReadVec(100, (ref ScaleReader x) => x.ReadU64(), 8));
            Assert.Equal(v.Note, r.ReadOption<string?>((ref ScaleReader x) => x.ReadString(100), null));
            r.EnsureEnd();
        }, ciIterations: 2_000);
    }

    [Fact]
    public void AnyBytesAsAnyMetadataType_DecodeAndReEncodeOrAreRefused()
    {
        var metadata = MetadataFixtures.V15;
        var input = Gen.Select(Gen.Int[0, metadata.Types.Count - 1], Gen.Byte.Array[0, 96]);
        new FuzzProperty("scale/typed-values", typeof(ScaleFormatException)).Run(input, v => v.Item2.Length, v =>
        {
            var (type, bytes) = v;
            var value = ScaleValueDecoder.DecodeAll(metadata, (uint)type, bytes);
            var writer = new ScaleWriter();
            ScaleValueEncoder.Encode(metadata, (uint)type, value, writer);
            Assert.Equal(bytes, writer.ToArray());
        }, ciIterations: 4_000);
    }

    /// <summary>Regression (CI seed 1PzeuarDJaT1): negative signed primitives decoded from the node re-encode to the
    /// same bytes; the encoder used to refuse every signed value.</summary>
    [Fact]
    public void SignedPrimitives_DecodeNegativeAndReEncode()
    {
        var metadata = MetadataFixtures.V15;
        var signed = metadata.Types.Where(t => t.Kind == TypeKind.Primitive && t.Primitive is PrimitiveKind.I8 or PrimitiveKind.I16 or PrimitiveKind.I32 or PrimitiveKind.I64).ToList();
        Assert.NotEmpty(signed);
        foreach (var type in signed)
        {
            var (bytes, expected) = type.Primitive switch
            {
                PrimitiveKind.I8 => (new byte[] { 0x80 }, (long)sbyte.MinValue),
                PrimitiveKind.I16 => ([0xFE, 0xFF], -2L),
                PrimitiveKind.I32 => ([0x00, 0x00, 0x00, 0x80], int.MinValue),
                _ => ([0x85, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], -123L),
            };
            var value = ScaleValueDecoder.DecodeAll(metadata, type.Id, bytes);
            Assert.Equal(new ScaleValue.SignedNumber(expected), value);
            var writer = new ScaleWriter();
            ScaleValueEncoder.Encode(metadata, type.Id, value, writer);
            Assert.Equal(bytes, writer.ToArray());
        }
    }

    [Fact]
    public void MutatedMetadata_IsRefusedWithMetadataFormatException()
    {
        var bytes = MetadataFixtures.Bytes(MetadataFixtures.V15File);
        new FuzzProperty("scale/metadata", typeof(MetadataFormatException)).Run(Mutations.Of(bytes), b => b.Length, mutated =>
        {
            MetadataDecoder.DecodeAtVersion(mutated);
        }, ciIterations: 60);
    }
}

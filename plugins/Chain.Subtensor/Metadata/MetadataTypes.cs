namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>The kinds of a scale-info type definition, numbered as the metadata numbers them.</summary>
public enum TypeKind
{
    /// <summary>A struct: named or unnamed fields.</summary>
    Composite = 0,

    /// <summary>An enum: variants with an index and fields.</summary>
    Variant = 1,

    /// <summary>A <c>Vec&lt;T&gt;</c>.</summary>
    Sequence = 2,

    /// <summary>A fixed-length <c>[T; N]</c>.</summary>
    Array = 3,

    /// <summary>A tuple.</summary>
    Tuple = 4,

    /// <summary>A primitive.</summary>
    Primitive = 5,

    /// <summary>A compact-encoded integer.</summary>
    Compact = 6,

    /// <summary>A bit sequence.</summary>
    BitSequence = 7,
}

/// <summary>The primitives of scale-info, numbered as the metadata numbers them.</summary>
public enum PrimitiveKind
{
    /// <summary>bool.</summary>
    Bool = 0,

    /// <summary>char.</summary>
    Character = 1,

    /// <summary>str.</summary>
    Str = 2,

    /// <summary>u8.</summary>
    U8 = 3,

    /// <summary>u16.</summary>
    U16 = 4,

    /// <summary>u32.</summary>
    U32 = 5,

    /// <summary>u64.</summary>
    U64 = 6,

    /// <summary>u128.</summary>
    U128 = 7,

    /// <summary>u256.</summary>
    U256 = 8,

    /// <summary>i8.</summary>
    I8 = 9,

    /// <summary>i16.</summary>
    I16 = 10,

    /// <summary>i32.</summary>
    I32 = 11,

    /// <summary>i64.</summary>
    I64 = 12,

    /// <summary>i128.</summary>
    I128 = 13,

    /// <summary>i256.</summary>
    I256 = 14,
}

/// <summary>A field of a composite or a variant.</summary>
/// <param name="Name">The field's name (null for tuple-like fields).</param>
/// <param name="TypeId">The field's type.</param>
/// <param name="TypeName">The type as written in the source, e.g. "Vec&lt;u16&gt;".</param>
public sealed record MetadataField(string? Name, uint TypeId, string? TypeName);

/// <summary>One variant of an enum type.</summary>
/// <param name="Name">The variant's name.</param>
/// <param name="Index">The byte that encodes it.</param>
/// <param name="Fields">Its fields.</param>
public sealed record MetadataVariant(string Name, byte Index, IReadOnlyList<MetadataField> Fields);

/// <summary>One type of the runtime's portable type registry.</summary>
/// <param name="Id">Its id (its position in the registry).</param>
/// <param name="Path">Its Rust path, e.g. ["pallet_commitments", "types", "Data"].</param>
/// <param name="Kind">Its definition's kind.</param>
/// <param name="Fields">Fields of a composite.</param>
/// <param name="Variants">Variants of an enum.</param>
/// <param name="Element">The element type of a sequence, array or compact; the bit store of a bit sequence.</param>
/// <param name="Length">The length of an array.</param>
/// <param name="TupleTypes">The types of a tuple.</param>
/// <param name="Primitive">The primitive, for <see cref="TypeKind.Primitive"/>.</param>
public sealed record MetadataType(
    uint Id,
    IReadOnlyList<string> Path,
    TypeKind Kind,
    IReadOnlyList<MetadataField> Fields,
    IReadOnlyList<MetadataVariant> Variants,
    uint Element,
    uint Length,
    IReadOnlyList<uint> TupleTypes,
    PrimitiveKind Primitive);

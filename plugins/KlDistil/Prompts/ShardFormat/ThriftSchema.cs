namespace Tournament.Plugins.KlDistil.Prompts.ShardFormat;

/// <summary>
/// The fields of the parquet.thrift structs that Parquet.Net decodes from a footer (<c>FileMetaData</c>) or a page
/// header (<c>PageHeader</c>), with their Thrift compact types. Parquet.Net decodes a known field by its id whatever
/// type the wire declares, so <see cref="ThriftCompactWalker"/> refuses a known field declared with another type, and
/// refuses an unknown field of a container type (Parquet.Net skips those incorrectly); enums are i32.
/// </summary>
internal static class ThriftSchema
{
    public const byte BoolTrue = 1;
    public const byte BoolFalse = 2;
    public const byte I8 = 3;
    public const byte I16 = 4;
    public const byte I32 = 5;
    public const byte I64 = 6;
    public const byte Double = 7;
    public const byte Binary = 8;
    public const byte List = 9;
    public const byte Set = 10;
    public const byte Map = 11;
    public const byte Struct = 12;

    private static readonly Dictionary<string, string> Specs = new(StringComparer.Ordinal)
    {
        ["FileMetaData"] = "1:i32 2:L:S:SchemaElement 3:i64 4:L:S:RowGroup 5:L:S:KeyValue 6:bin 7:L:S:ColumnOrder 8:S:EncryptionAlgorithm 9:bin",
        ["SchemaElement"] = "1:i32 2:i32 3:i32 4:bin 5:i32 6:i32 7:i32 8:i32 9:i32 10:S:LogicalType",
        ["LogicalType"] = "1:S:Empty 2:S:Empty 3:S:Empty 4:S:Empty 5:S:DecimalType 6:S:Empty 7:S:TimeType 8:S:TimeType 10:S:IntType 11:S:Empty 12:S:Empty 13:S:Empty 14:S:Empty 15:S:Empty 16:S:VariantType 17:S:GeometryType 18:S:GeographyType",
        ["Empty"] = string.Empty,
        ["DecimalType"] = "1:i32 2:i32",
        ["TimeType"] = "1:bool 2:S:TimeUnit",
        ["TimeUnit"] = "1:S:Empty 2:S:Empty 3:S:Empty",
        ["IntType"] = "1:i8 2:bool",
        ["VariantType"] = "1:i8",
        ["GeometryType"] = "1:bin",
        ["GeographyType"] = "1:bin 2:i32",
        ["RowGroup"] = "1:L:S:ColumnChunk 2:i64 3:i64 4:L:S:SortingColumn 5:i64 6:i64 7:i16",
        ["SortingColumn"] = "1:i32 2:bool 3:bool",
        ["ColumnChunk"] = "1:bin 2:i64 3:S:ColumnMetaData 4:i64 5:i32 6:i64 7:i32 8:S:ColumnCryptoMetaData 9:bin",
        ["ColumnCryptoMetaData"] = "1:S:Empty 2:S:EncryptionWithColumnKey",
        ["EncryptionWithColumnKey"] = "1:L:bin 2:bin",
        ["ColumnMetaData"] = "1:i32 2:L:i32 3:L:bin 4:i32 5:i64 6:i64 7:i64 8:L:S:KeyValue 9:i64 10:i64 11:i64 12:S:Statistics 13:L:S:PageEncodingStats 14:i64 15:i32 16:S:SizeStatistics 17:S:GeospatialStatistics",
        ["Statistics"] = "1:bin 2:bin 3:i64 4:i64 5:bin 6:bin 7:bool 8:bool",
        ["SizeStatistics"] = "1:i64 2:L:i64 3:L:i64",
        ["GeospatialStatistics"] = "1:S:BoundingBox 2:L:i32",
        ["BoundingBox"] = "1:dbl 2:dbl 3:dbl 4:dbl 5:dbl 6:dbl 7:dbl 8:dbl",
        ["PageEncodingStats"] = "1:i32 2:i32 3:i32",
        ["KeyValue"] = "1:bin 2:bin",
        ["ColumnOrder"] = "1:S:Empty",
        ["EncryptionAlgorithm"] = "1:S:AesGcm 2:S:AesGcm",
        ["AesGcm"] = "1:bin 2:bin 3:bool",
        ["PageHeader"] = "1:i32 2:i32 3:i32 4:i32 5:S:DataPageHeader 6:S:Empty 7:S:DictionaryPageHeader 8:S:DataPageHeaderV2",
        ["DataPageHeader"] = "1:i32 2:i32 3:i32 4:i32 5:S:Statistics",
        ["DictionaryPageHeader"] = "1:i32 2:i32 3:bool",
        ["DataPageHeaderV2"] = "1:i32 2:i32 3:i32 4:i32 5:i32 6:i32 7:bool 8:S:Statistics",
    };

    private static readonly Dictionary<string, Dictionary<short, FieldKind>> Structs =
        Specs.ToDictionary(p => p.Key, p => ParseFields(p.Value), StringComparer.Ordinal);

    /// <summary>The known fields of <paramref name="name"/>, by id.</summary>
    public static IReadOnlyDictionary<short, FieldKind> Fields(string name) => Structs[name];

    private static Dictionary<short, FieldKind> ParseFields(string spec) =>
        spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split(':', 2)).ToDictionary(
            f => short.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f => ParseKind(f[1]));

    private static FieldKind ParseKind(string kind) => kind switch
    {
        "bool" => new(BoolTrue, null, null),
        "i8" => new(I8, null, null),
        "i16" => new(I16, null, null),
        "i32" => new(I32, null, null),
        "i64" => new(I64, null, null),
        "dbl" => new(Double, null, null),
        "bin" => new(Binary, null, null),
        _ when kind.StartsWith("S:", StringComparison.Ordinal) => new(Struct, kind[2..], null),
        _ when kind.StartsWith("L:", StringComparison.Ordinal) => new(List, null, ParseKind(kind[2..])),
        _ => throw new InvalidOperationException($"Unknown Thrift field kind '{kind}'."),
    };
}

/// <summary>A field's compact type; <paramref name="Struct"/> names a struct's schema, <paramref name="Element"/> a
/// list's element.</summary>
internal sealed record FieldKind(byte Type, string? Struct, FieldKind? Element);

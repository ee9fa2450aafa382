namespace Tournament.Plugins.KlDistil.Prompts.ShardFormat;

/// <summary>
/// A bounded walk of one Thrift compact-protocol struct against <see cref="ThriftSchema"/>, before Parquet.Net decodes
/// the same bytes (it sizes strings, binaries and lists from the lengths they declare, and loops forever on a varint
/// cut by the end of its buffer). Every declared length and list size must fit in the bytes that remain, every varint
/// must end within its width, and every field Parquet.Net would decode must have the type it expects; the integers
/// are kept for the checks that follow (<see cref="ParquetShardCheck"/>).
/// </summary>
internal sealed class ThriftCompactWalker
{
    private const int MaxDepth = 16;

    private readonly byte[] _bytes;
    private readonly int _end;
    private int _position;

    private ThriftCompactWalker(byte[] bytes, int start, int end)
    {
        _bytes = bytes;
        _position = start;
        _end = end;
    }

    /// <summary>Walks the struct <paramref name="name"/> in <paramref name="bytes"/>[start..end).</summary>
    /// <returns>The struct's integers and nested structs, and the offset just after it.</returns>
    /// <exception cref="ThriftWalkException">The bytes cannot be the struct, or declare more than they hold.</exception>
    public static (ThriftStruct Value, int End) Walk(byte[] bytes, int start, int end, string name)
    {
        var walker = new ThriftCompactWalker(bytes, start, end);
        var value = walker.ReadStruct(name, 0);
        return (value, walker._position);
    }

    private ThriftStruct ReadStruct(string name, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ThriftWalkException($"{name} is nested more than {MaxDepth} deep");
        }

        var fields = ThriftSchema.Fields(name);
        var result = new ThriftStruct();
        short lastId = 0;
        while (true)
        {
            var header = ReadByte(name);
            if (header == 0)
            {
                return result;
            }

            var type = (byte)(header & 0x0f);
            var delta = header >> 4;
            var id = delta == 0 ? unchecked((short)Zigzag(ReadVarint(5, name))) : (short)(lastId + delta);
            lastId = id;
            if (fields.TryGetValue(id, out var kind))
            {
                if (!Matches(kind.Type, type))
                {
                    throw new ThriftWalkException($"field {id} of {name} has Thrift type {type}, not the {kind.Type} it must have");
                }

                ReadKnown(result, id, kind, type, $"{name}.{id}", depth);
            }
            else
            {
                SkipUnknown(type, $"{name}.{id}");
            }
        }
    }

    private void ReadKnown(ThriftStruct into, short id, FieldKind kind, byte type, string where, int depth)
    {
        switch (kind.Type)
        {
            case ThriftSchema.BoolTrue:
                into.Ints[id] = type == ThriftSchema.BoolTrue ? 1 : 0;
                break;
            case ThriftSchema.Struct:
                into.Structs[id] = ReadStruct(kind.Struct!, depth + 1);
                break;
            case ThriftSchema.List:
                into.Lists[id] = ReadList(kind.Element!, where, depth);
                break;
            default:
                into.Ints[id] = ReadScalar(kind.Type, where);
                break;
        }
    }

    private List<ThriftStruct> ReadList(FieldKind element, string where, int depth)
    {
        var header = ReadByte(where);
        var size = (long)(header >> 4);
        if (size == 15)
        {
            size = (long)ReadVarint(5, where);
        }

        var elementType = (byte)(header & 0x0f);
        if (!Matches(element.Type, elementType))
        {
            throw new ThriftWalkException($"list {where} holds Thrift type {elementType}, not the {element.Type} it must hold");
        }

        var smallest = element.Type == ThriftSchema.Double ? 8 : 1;
        if (size > (_end - _position) / smallest)
        {
            throw new ThriftWalkException($"list {where} declares {size} elements, more than the {_end - _position} bytes left can hold");
        }

        var structs = new List<ThriftStruct>();
        for (var i = 0; i < size; i++)
        {
            if (element.Type == ThriftSchema.Struct)
            {
                structs.Add(ReadStruct(element.Struct!, depth + 1));
            }
            else
            {
                ReadScalar(element.Type == ThriftSchema.BoolTrue ? ThriftSchema.I8 : element.Type, where);
            }
        }

        return structs;
    }

    private void SkipUnknown(byte type, string where)
    {
        if (type is ThriftSchema.BoolTrue or ThriftSchema.BoolFalse)
        {
            return;
        }

        if (type is ThriftSchema.List or ThriftSchema.Set or ThriftSchema.Map or ThriftSchema.Struct or 0 or > ThriftSchema.Struct)
        {
            throw new ThriftWalkException($"unknown field {where} has Thrift type {type}, which the parquet reader cannot skip");
        }

        ReadScalar(type, where);
    }

    private long ReadScalar(byte type, string where)
    {
        switch (type)
        {
            case ThriftSchema.I8:
                return (sbyte)ReadByte(where);
            case ThriftSchema.I16:
            case ThriftSchema.I32:
                return Zigzag(ReadVarint(5, where));
            case ThriftSchema.I64:
                return Zigzag(ReadVarint(10, where));
            case ThriftSchema.Double:
                Take(8, where);
                return 0;
            default:
                var length = (long)ReadVarint(5, where);
                if (length > _end - _position)
                {
                    throw new ThriftWalkException($"{where} declares {length} bytes, more than the {_end - _position} left");
                }

                Take((int)length, where);
                return length;
        }
    }

    private static bool Matches(byte expected, byte actual) =>
        expected == ThriftSchema.BoolTrue ? actual is ThriftSchema.BoolTrue or ThriftSchema.BoolFalse : actual == expected;

    private static long Zigzag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private ulong ReadVarint(int maxBytes, string where)
    {
        ulong result = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            var b = ReadByte(where);
            result |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ThriftWalkException($"a varint in {where} runs past {maxBytes} bytes");
    }

    private byte ReadByte(string where)
    {
        Take(1, where);
        return _bytes[_position - 1];
    }

    private void Take(int count, string where)
    {
        if (count > _end - _position)
        {
            throw new ThriftWalkException($"{where} is cut off by the end of its bytes", truncated: true);
        }

        _position += count;
    }
}

/// <summary>What the walk keeps of one struct: its integer fields (booleans as 0/1), nested structs and lists of
/// structs, by field id.</summary>
internal sealed class ThriftStruct
{
    public Dictionary<short, long> Ints { get; } = [];

    public Dictionary<short, ThriftStruct> Structs { get; } = [];

    public Dictionary<short, List<ThriftStruct>> Lists { get; } = [];

    public long? Int(short id) => Ints.TryGetValue(id, out var v) ? v : null;

    public ThriftStruct? Struct(short id) => Structs.GetValueOrDefault(id);

    public IReadOnlyList<ThriftStruct> List(short id) => Lists.TryGetValue(id, out var l) ? l : [];
}

/// <summary>A Thrift struct the parquet reader must not decode; the message is a clause (no final period).</summary>
internal sealed class ThriftWalkException : Exception
{
    public ThriftWalkException(string message, bool truncated = false)
        : base(message) => Truncated = truncated;

    public ThriftWalkException()
    {
    }

    public ThriftWalkException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The struct ran past the end of the bytes given (more bytes may complete it).</summary>
    public bool Truncated { get; }
}

using System.Buffers.Binary;
using System.Text;

namespace Tournament.Inference.Tests.Torch;

/// <summary>An independent reader of ELF64 .gnu.version_r entries, used to check what the build patch did.</summary>
internal static class ElfVersionNeeds
{
    /// <summary>The vna_flags of every Vernaux entry, by version name.</summary>
    public static Dictionary<string, ushort> Read(byte[] elf)
    {
        var result = new Dictionary<string, ushort>(StringComparer.Ordinal);
        var span = elf.AsSpan();
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        for (var i = 0; i < shnum; i++)
        {
            var sh = span[(int)(shoff + (i * shentsize))..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != 0x6ffffffe)
            {
                continue;
            }

            var off = (int)BinaryPrimitives.ReadInt64LittleEndian(sh[0x18..]);
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            var strtab = (int)BinaryPrimitives.ReadInt64LittleEndian(span[((int)shoff + (link * shentsize) + 0x18)..]);
            var vn = off;
            while (true)
            {
                int count = BinaryPrimitives.ReadUInt16LittleEndian(span[(vn + 2)..]);
                var aux = vn + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(vn + 8)..]);
                for (var a = 0; a < count; a++)
                {
                    var name = strtab + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    var len = span[name..].IndexOf((byte)0);
                    result[Encoding.ASCII.GetString(span.Slice(name, len))] = BinaryPrimitives.ReadUInt16LittleEndian(span[(aux + 4)..]);
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }

                var next = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(vn + 12)..]);
                if (next == 0)
                {
                    break;
                }

                vn += next;
            }
        }

        return result;
    }
}

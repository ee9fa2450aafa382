using System.Text;

namespace Tournament.Inference.Tokenizers;

/// <summary>The GPT-2 byte-to-character table used by byte-level BPE (<c>bytes_to_unicode</c>).</summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = BuildCharToByte();

    /// <summary>The alphabet character that stands for <paramref name="b"/>.</summary>
    public static char CharOf(byte b) => ByteToChar[b];

    /// <summary>Maps text to its byte-level form: UTF-8 bytes, each shown as one alphabet character.</summary>
    public static string Encode(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (span, b) =>
        {
            for (int i = 0; i < b.Length; i++)
            {
                span[i] = ByteToChar[b[i]];
            }
        });
    }

    /// <summary>Appends the bytes a token stands for, as HF's ByteLevel decoder does: the alphabet mapping when every
    /// character belongs to the alphabet, otherwise the token's own UTF-8 bytes.</summary>
    public static void AppendBytes(string token, List<byte> output)
    {
        foreach (char c in token)
        {
            if (!CharToByte.ContainsKey(c))
            {
                output.AddRange(Encoding.UTF8.GetBytes(token));
                return;
            }
        }

        foreach (char c in token)
        {
            output.Add(CharToByte[c]);
        }
    }

    private static char[] BuildByteToChar()
    {
        char[] map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        Dictionary<char, byte> map = new(256);
        for (int b = 0; b < 256; b++)
        {
            map[ByteToChar[b]] = (byte)b;
        }

        return map;
    }
}

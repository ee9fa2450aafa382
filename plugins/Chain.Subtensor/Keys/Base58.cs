namespace Tournament.Plugins.Chain.Subtensor.Keys;

/// <summary>Base58 with the Bitcoin alphabet, as SS58 uses; inputs are small and bounded.</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) < 1.38: enough digits for the whole input.
        byte[] digits = new byte[(data.Length * 138 / 100) + 1];
        int length = 0;
        foreach (byte b in data)
        {
            int carry = b;
            for (int i = 0; i < length; i++)
            {
                carry += digits[i] << 8;
                digits[i] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        var chars = new char[zeros + length];
        chars.AsSpan(0, zeros).Fill('1');
        for (int i = 0; i < length; i++)
        {
            chars[zeros + i] = Alphabet[digits[length - 1 - i]];
        }

        return new string(chars);
    }

    /// <summary>Decodes, or returns null for a character outside the alphabet.</summary>
    public static byte[]? Decode(string text)
    {
        int zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        byte[] bytes = new byte[(text.Length * 733 / 1000) + 1];
        int length = 0;
        foreach (char c in text)
        {
            int carry = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (carry < 0)
            {
                return null;
            }

            for (int i = 0; i < length; i++)
            {
                carry += bytes[i] * 58;
                bytes[i] = (byte)carry;
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes[length++] = (byte)carry;
                carry >>= 8;
            }
        }

        var result = new byte[zeros + length];
        for (int i = 0; i < length; i++)
        {
            result[zeros + i] = bytes[length - 1 - i];
        }

        return result;
    }
}

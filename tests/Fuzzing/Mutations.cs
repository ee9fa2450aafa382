using System.Text;
using CsCheck;

namespace Tournament.Fuzzing;

/// <summary>Mutations of valid inputs: truncation, bit flips, deletions, duplicated ranges and spliced hostile tokens
/// (huge and fractional numbers, NaN, deep nesting, duplicate keys, invalid UTF-8, NUL and control bytes).</summary>
public static class Mutations
{
    /// <summary>Text a hostile writer splices into JSON-like input.</summary>
    public static readonly string[] HostileTokens =
    [
        "1e400", "-1e400", "99999999999999999999999999", "-9223372036854775809", "18446744073709551616", "1.5", "-0",
        "NaN", "Infinity", "-1", "0", "2147483648", "null", "true", "\"\"", "[]", "{}",
        new string('[', 300) + new string(']', 300), new string('{', 40) + "\"a\":" + new string('[', 260),
        "{\"a\":1,\"a\":2}", "\"\\uD800\"", "\"\\u0000\"", "\"\\u001b[31m\"", "\"" + new string('x', 70_000) + "\"",
        ",", ":", "\"", "\\", "]", "}", "\n", "\r\n", "data: [DONE]\n", "data: {}\n",
    ];

    /// <summary>Byte sequences that are not UTF-8 (lone continuation, overlong, surrogate, truncated sequence, 0xFF).</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xFF], [0xFE, 0xFF], [0xF4, 0x90, 0x80, 0x80], [0x00],
    ];

    /// <summary>One mutation of <paramref name="valid"/> (at least one step, up to four stacked).</summary>
    public static Gen<byte[]> Of(byte[] valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        return Gen.Int[1, 4].SelectMany(steps => Step.Array[steps]).Select(list =>
        {
            var bytes = valid;
            foreach (var step in list)
            {
                bytes = step.Apply(bytes);
            }

            return bytes;
        });
    }

    /// <summary>A valid input or a mutation of one, half and half: valid ones must be accepted, mutated ones must be
    /// accepted or refused with the parser's error.</summary>
    public static Gen<(byte[] Bytes, bool Mutated)> ValidOrMutated(Gen<byte[]> valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        return Gen.Bool.SelectMany(mutate => mutate
            ? valid.SelectMany(v => Of(v)).Select(b => (b, true))
            : valid.Select(v => (v, false)));
    }

    private static readonly Gen<MutationStep> Step = Gen.OneOf(
        Gen.Double[0, 1].Select(f => (MutationStep)new Truncate(f)),
        Gen.Int[0, 16].Select(n => (MutationStep)new Keep(n)),
        Gen.Double[0, 1].SelectMany(f => Gen.Int[0, 7].Select(bit => (MutationStep)new FlipBit(f, bit))),
        Gen.Double[0, 1].SelectMany(f => Gen.Int[0, HostileTokens.Length - 1].Select(t => (MutationStep)new Splice(f, Encoding.UTF8.GetBytes(HostileTokens[t])))),
        Gen.Double[0, 1].SelectMany(f => Gen.Int[0, InvalidUtf8.Length - 1].Select(t => (MutationStep)new Splice(f, InvalidUtf8[t]))),
        Gen.Double[0, 1].SelectMany(f => Gen.Int[1, 64].Select(n => (MutationStep)new Delete(f, n))),
        Gen.Double[0, 1].SelectMany(f => Gen.Int[1, 64].Select(n => (MutationStep)new Duplicate(f, n))),
        Gen.Double[0, 1].SelectMany(f => Gen.Byte.Select(b => (MutationStep)new Overwrite(f, b))));

    private abstract record MutationStep
    {
        public abstract byte[] Apply(byte[] bytes);

        protected static int At(double fraction, int length) => Math.Clamp((int)(fraction * length), 0, length);
    }

    private sealed record Truncate(double Fraction) : MutationStep
    {
        public override byte[] Apply(byte[] bytes) => bytes[..At(Fraction, bytes.Length)];
    }

    private sealed record Keep(int Count) : MutationStep
    {
        public override byte[] Apply(byte[] bytes) => bytes[..Math.Min(Count, bytes.Length)];
    }

    private sealed record FlipBit(double Fraction, int Bit) : MutationStep
    {
        public override byte[] Apply(byte[] bytes)
        {
            if (bytes.Length == 0)
            {
                return bytes;
            }

            var copy = (byte[])bytes.Clone();
            copy[At(Fraction, bytes.Length - 1)] ^= (byte)(1 << Bit);
            return copy;
        }
    }

    private sealed record Overwrite(double Fraction, byte Value) : MutationStep
    {
        public override byte[] Apply(byte[] bytes)
        {
            if (bytes.Length == 0)
            {
                return [Value];
            }

            var copy = (byte[])bytes.Clone();
            copy[At(Fraction, bytes.Length - 1)] = Value;
            return copy;
        }
    }

    private sealed record Splice(double Fraction, byte[] Token) : MutationStep
    {
        public override byte[] Apply(byte[] bytes)
        {
            var at = At(Fraction, bytes.Length);
            return [.. bytes.AsSpan(0, at), .. Token, .. bytes.AsSpan(at)];
        }
    }

    private sealed record Delete(double Fraction, int Count) : MutationStep
    {
        public override byte[] Apply(byte[] bytes)
        {
            var at = At(Fraction, bytes.Length);
            var end = Math.Min(bytes.Length, at + Count);
            return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(end)];
        }
    }

    private sealed record Duplicate(double Fraction, int Count) : MutationStep
    {
        public override byte[] Apply(byte[] bytes)
        {
            var at = At(Fraction, bytes.Length);
            var end = Math.Min(bytes.Length, at + Count);
            return [.. bytes.AsSpan(0, end), .. bytes.AsSpan(at, end - at), .. bytes.AsSpan(end)];
        }
    }
}

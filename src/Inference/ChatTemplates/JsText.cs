using System.Globalization;
using System.Numerics;
using System.Text;

namespace Tournament.Inference.ChatTemplates;

/// <summary>JavaScript's text rules that the reference applies: its whitespace set (which differs from .NET's), number
/// formatting, <c>parseInt</c>/<c>parseFloat</c> and <c>JSON.stringify</c> of a string.</summary>
internal static class JsText
{
    /// <summary>ECMAScript WhiteSpace + LineTerminator, i.e. what <c>\s</c> and <c>trim()</c> match.</summary>
    public static bool IsWhitespace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00a0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' or '\ufeff' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    /// <summary>ECMAScript <c>\w</c>: ASCII letters, digits and underscore.</summary>
    public static bool IsWordChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    public static string Trim(string s) => TrimEnd(TrimStart(s));

    public static string TrimStart(string s)
    {
        int i = 0;
        while (i < s.Length && IsWhitespace(s[i]))
        {
            i++;
        }

        return i == 0 ? s : s[i..];
    }

    public static string TrimEnd(string s)
    {
        int end = s.Length;
        while (end > 0 && IsWhitespace(s[end - 1]))
        {
            end--;
        }

        return end == s.Length ? s : s[..end];
    }

    /// <summary>ECMAScript Number::toString (shortest round trip, exponent past 1e21 and below 1e-6).</summary>
    public static string Number(double x)
    {
        if (double.IsNaN(x))
        {
            return "NaN";
        }

        if (x == 0)
        {
            return "0";
        }

        if (double.IsInfinity(x))
        {
            return x > 0 ? "Infinity" : "-Infinity";
        }

        if (x < 0)
        {
            return "-" + Number(-x);
        }

        (string s, int n) = ShortestDigits(x);
        int k = s.Length;
        if (k <= n && n <= 21)
        {
            return s + new string('0', n - k);
        }

        if (n > 0 && n <= 21)
        {
            return s[..n] + "." + s[n..];
        }

        if (n > -6 && n <= 0)
        {
            return "0." + new string('0', -n) + s;
        }

        int e = n - 1;
        string exponent = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? s + "e" + exponent : s[0] + "." + s[1..] + "e" + exponent;
    }

    /// <summary>Number.prototype.toFixed(1) for a whole number below 1e21 (exact digits), else toString.</summary>
    public static string WholeFloat(double x)
        => Math.Abs(x) < 1e21 ? new BigInteger(x).ToString(CultureInfo.InvariantCulture) + ".0" : Number(x);

    private static (string Digits, int PointPosition) ShortestDigits(double x)
    {
        string r = x.ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }

        int dot = r.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? r : r.Remove(dot, 1);
        int point = dot < 0 ? r.Length : dot;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, point - lead + exponent);
    }

    /// <summary><c>parseInt(s, 10)</c>: leading whitespace, a sign, digits; null where JavaScript gives NaN.</summary>
    public static double? ParseInt(string s)
    {
        string t = TrimStart(s);
        int i = 0;
        bool negative = false;
        if (i < t.Length && (t[i] == '+' || t[i] == '-'))
        {
            negative = t[i] == '-';
            i++;
        }

        int start = i;
        while (i < t.Length && char.IsAsciiDigit(t[i]))
        {
            i++;
        }

        if (i == start)
        {
            return null;
        }

        double value = double.Parse(t[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    /// <summary><c>parseFloat(s)</c>: the longest decimal prefix (or Infinity); null where JavaScript gives NaN.</summary>
    public static double? ParseFloat(string s)
    {
        string t = TrimStart(s);
        int i = 0;
        if (i < t.Length && (t[i] == '+' || t[i] == '-'))
        {
            i++;
        }

        if (string.CompareOrdinal(t, i, "Infinity", 0, 8) == 0)
        {
            return t[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        int digits = 0;
        while (i < t.Length && char.IsAsciiDigit(t[i]))
        {
            i++;
            digits++;
        }

        if (i < t.Length && t[i] == '.')
        {
            int j = i + 1;
            while (j < t.Length && char.IsAsciiDigit(t[j]))
            {
                j++;
                digits++;
            }

            i = j;
        }

        if (digits == 0)
        {
            return null;
        }

        if (i < t.Length && (t[i] == 'e' || t[i] == 'E'))
        {
            int j = i + 1;
            if (j < t.Length && (t[j] == '+' || t[j] == '-'))
            {
                j++;
            }

            int expStart = j;
            while (j < t.Length && char.IsAsciiDigit(t[j]))
            {
                j++;
            }

            if (j > expStart)
            {
                i = j;
            }
        }

        string literal = t[..i];
        return double.Parse(literal.EndsWith('.') ? literal + "0" : literal, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>JavaScript ToNumber of a string (used by loose equality): NaN when it is no numeric literal.</summary>
    public static double ToNumber(string s)
    {
        string t = Trim(s);
        if (t.Length == 0)
        {
            return 0;
        }

        if (t.Length > 2 && t[0] == '0' && (t[1] | 0x20) is 'x' or 'o' or 'b')
        {
            int radix = (t[1] | 0x20) switch { 'x' => 16, 'o' => 8, _ => 2 };
            double v = 0;
            foreach (char c in t[2..])
            {
                int d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? (c | 0x20) - 'a' + 10 : 99;
                if (d >= radix)
                {
                    return double.NaN;
                }

                v = (v * radix) + d;
            }

            return v;
        }

        if (t is "Infinity" or "+Infinity")
        {
            return double.PositiveInfinity;
        }

        if (t == "-Infinity")
        {
            return double.NegativeInfinity;
        }

        bool valid = t.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-');
        return valid && double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double parsed)
            ? parsed
            : double.NaN;
    }

    /// <summary><c>JSON.stringify</c> of a string; with <paramref name="ensureAscii"/> every code unit from U+007F up
    /// becomes <c>\uXXXX</c> afterwards, as the reference does.</summary>
    public static void AppendJsonString(StringBuilder sb, string s, bool ensureAscii)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    bool loneSurrogate = char.IsHighSurrogate(c) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])
                        : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
                    if (c < 0x20 || loneSurrogate || (ensureAscii && c >= 0x7f))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary><c>Array.from(s)</c>: code points, a surrogate pair kept whole.</summary>
    public static List<string> CodePoints(string s)
    {
        List<string> result = new(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            bool pair = char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
            result.Add(pair ? s.Substring(i++, 2) : s[i].ToString());
        }

        return result;
    }
}

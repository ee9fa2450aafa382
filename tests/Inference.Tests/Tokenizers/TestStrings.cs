using System.Text.Json;

namespace Tournament.Inference.Tests.Tokenizers;

/// <summary>Test strings stored as JSON: a string, or {"utf16": [code units]} for text that JSON cannot carry
/// (lone surrogates).</summary>
internal static class TestStrings
{
    public static IReadOnlyList<string> Load(string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Tokenizers", "Data", name)));
        return doc.RootElement.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String
                ? e.GetString()!
                : new string(e.GetProperty("utf16").EnumerateArray().Select(u => (char)u.GetInt32()).ToArray()))
            .ToArray();
    }

    public static object ToJson(string s)
        => s.Any(char.IsSurrogate) && !IsWellFormed(s) ? new { utf16 = s.Select(c => (int)c).ToArray() } : s;

    private static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}

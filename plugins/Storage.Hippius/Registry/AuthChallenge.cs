namespace Tournament.Plugins.Storage.Hippius.Registry;

/// <summary>
/// One <c>WWW-Authenticate</c> challenge: the scheme and its auth-params (RFC 7235: <c>key=token</c> or
/// <c>key="quoted string"</c>, comma-separated; quoted values may contain commas and <c>\"</c> escapes).
/// </summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    private const int MaxLength = 4096;

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses <paramref name="scheme"/> and its parameter text; null when the text is malformed or too long.</summary>
    public static AuthChallenge? TryParse(string scheme, string? parameters)
    {
        if (string.IsNullOrWhiteSpace(scheme) || (parameters?.Length ?? 0) > MaxLength)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameters ?? "";
        var i = 0;
        while (true)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ','))
            {
                i++;
            }

            if (i >= text.Length)
            {
                return new AuthChallenge(scheme.Trim(), values);
            }

            var start = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',' && text[i] != ' ')
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=' || i == start)
            {
                return null;
            }

            var key = text[start..i];
            i++;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    return null; // unterminated quoted string
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                start = i;
                while (i < text.Length && text[i] != ',' && text[i] != ' ')
                {
                    i++;
                }

                value = text[start..i];
            }

            if (value.Any(char.IsControl) || !values.TryAdd(key, value))
            {
                return null;
            }
        }
    }
}

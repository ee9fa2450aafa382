using System.Text;
using System.Text.Json;

namespace Tournament.Inference.Remote;

/// <summary>
/// Turns what an OpenAI-compatible server says about a failure (JSON error bodies, HTML gateway pages, plain text)
/// into short, single-line sentence fragments; shared by every client of the wire protocol.
/// </summary>
public static class OpenAiErrorText
{
    private const int MaxLength = 300;

    /// <summary>One short fragment describing an error body.</summary>
    /// <param name="body">The body text.</param>
    /// <param name="mediaType">The response media type, if any.</param>
    public static string Describe(string body, string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(body);
        var trimmed = body.Trim();
        if (trimmed.Length == 0)
        {
            return "no error message";
        }

        if (IsHtml(mediaType, trimmed))
        {
            return "an HTML page instead of JSON (a proxy or gateway error)";
        }

        if (trimmed[0] == '{')
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                if (MessageOf(document.RootElement) is { } message)
                {
                    return Shorten(message);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the raw text.
            }
        }

        return Shorten(trimmed);
    }

    /// <summary>Whether a body is an HTML page (by media type or by its first tag).</summary>
    /// <param name="mediaType">The response media type, if any.</param>
    /// <param name="body">The body, leading whitespace removed.</param>
    public static bool IsHtml(string? mediaType, string body) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase)
        || body.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase)
        || body.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message of <c>{"error":{"message"}}</c>, <c>{"error":"..."}</c>, <c>{"detail":...}</c> or <c>{"message"}</c>.</summary>
    /// <param name="root">The parsed body.</param>
    public static string? MessageOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.String)
            {
                return error.GetString();
            }

            if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                return inner.GetString();
            }

            return error.ValueKind == JsonValueKind.Object ? error.GetRawText() : null;
        }

        foreach (var name in (ReadOnlySpan<string>)["detail", "message"])
        {
            if (root.TryGetProperty(name, out var value))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }

        return null;
    }

    /// <summary>The message of an error object found inside a response (string, <c>{"message"}</c>, or its raw JSON).</summary>
    /// <param name="error">The <c>error</c> value.</param>
    public static string ErrorObjectMessage(JsonElement error) =>
        Shorten(error.ValueKind switch
        {
            JsonValueKind.String => error.GetString(),
            JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
            _ => error.GetRawText(),
        } ?? "unknown error");

    /// <summary>The HTTP-like status of an error object (<c>code</c>, <c>status</c>, <c>status_code</c>; "rate…" counts as 429).</summary>
    /// <param name="error">The <c>error</c> value.</param>
    public static int? CodeOf(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["code", "status", "status_code"])
        {
            if (error.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                {
                    return number;
                }

                if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), out number))
                {
                    return number;
                }

                if (value.ValueKind == JsonValueKind.String && value.GetString() is { } s && s.Contains("rate", StringComparison.OrdinalIgnoreCase))
                {
                    return 429;
                }
            }
        }

        return null;
    }

    /// <summary>Ends a reason with a full stop unless it already ends a sentence.</summary>
    /// <param name="text">The reason.</param>
    public static string Sentence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && ".!?…".Contains(text[^1], StringComparison.Ordinal) ? text : text + ".";
    }

    /// <summary>At most 300 characters, control characters turned into spaces, trimmed.</summary>
    /// <param name="text">The text.</param>
    public static string Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "no error message";
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        foreach (var c in text)
        {
            if (builder.Length >= MaxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}

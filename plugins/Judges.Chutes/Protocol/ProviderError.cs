using System.Text;
using System.Text.Json;
using Tournament.Plugins.Judges.Chutes.Client;

namespace Tournament.Plugins.Judges.Chutes.Protocol;

/// <summary>Turns a provider's error body (JSON, HTML or text) into one short sentence fragment.</summary>
internal static class ProviderError
{
    private const int MaxLength = 300;

    public static string Describe(string body, string? mediaType)
    {
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

    public static bool IsHtml(string? mediaType, string body) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase)
        || body.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase)
        || body.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message of <c>{"error":{"message"}}</c>, <c>{"error":"..."}</c>, <c>{"detail":...}</c> or <c>{"message"}</c>.</summary>
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

    /// <summary>Classifies an error object found in a 200 response or inside a stream.</summary>
    public static AttemptResult Classify(JsonElement error, string providerName)
    {
        var message = Shorten(ErrorMessage(error) ?? "unknown error");
        var code = CodeOf(error);
        var text = Sentence($"{providerName} returned an error inside a successful response: {message}");
        return code switch
        {
            429 => new AttemptResult.Throttled(null, text),
            >= 400 and < 500 and not 408 => new AttemptResult.Fatal(text),
            _ => new AttemptResult.Transient(text),
        };
    }

    private static string? ErrorMessage(JsonElement errorHolder) =>
        errorHolder.ValueKind switch
        {
            JsonValueKind.String => errorHolder.GetString(),
            JsonValueKind.Object when errorHolder.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
            _ => errorHolder.GetRawText(),
        };

    private static int? CodeOf(JsonElement error)
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
    public static string Sentence(string text) =>
        text.Length > 0 && ".!?…".Contains(text[^1], StringComparison.Ordinal) ? text : text + ".";

    private static string Shorten(string? text)
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

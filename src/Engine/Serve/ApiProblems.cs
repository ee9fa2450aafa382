using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Tournament.Engine.Serve;

/// <summary>A request the API refuses: the status and one sentence for the RFC 9457 problem body.</summary>
internal sealed class ApiProblemException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;
}

/// <summary>RFC 9457 problem bodies and the parameter checks that produce them (never a stack trace).</summary>
internal static class ApiProblems
{
    /// <summary>The longest hotkey accepted (SS58 addresses are 47-48 characters; local names are shorter).</summary>
    public const int MaxHotkeyLength = 128;

    public static IResult Problem(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: Title(status), type: $"https://httpstatuses.io/{status}");

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);

    /// <summary>Parses an optional integer query parameter within bounds.</summary>
    public static int Int(string? text, string name, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        if (text.Length > 12 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw BadRequest($"Query parameter '{name}' must be a whole number from {min} to {max}.");
        }

        return value;
    }

    /// <summary>Parses an optional boolean query parameter.</summary>
    public static bool Bool(string? text, string name) => text switch
    {
        null or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw BadRequest($"Query parameter '{name}' must be true or false."),
    };

    /// <summary>Checks a block hash path segment: 0x and 1-64 hex digits.</summary>
    public static string BlockHash(string text)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : "";
        if (hex.Length is 0 or > 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw BadRequest("The block hash must be 0x followed by 1 to 64 hexadecimal digits.");
        }

        return text;
    }

    /// <summary>Checks a hotkey path segment.</summary>
    public static string Hotkey(string text)
    {
        if (text.Length is 0 or > MaxHotkeyLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw BadRequest($"The hotkey must be 1 to {MaxHotkeyLength} characters without spaces.");
        }

        return text;
    }

    /// <summary>Checks a commit block path segment.</summary>
    public static long CommitBlock(string text) =>
        text.Length <= 19 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var block)
            ? block
            : throw BadRequest("The commit block must be a whole number.");

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Response too large",
        503 => "State unavailable",
        _ => status >= 500 ? "Server error" : "Request refused",
    };
}

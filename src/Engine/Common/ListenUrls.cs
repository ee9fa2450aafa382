using Tournament.Cli;

namespace Tournament.Engine.Common;

/// <summary>The addresses a built-in HTTP listener (<c>serve --urls</c>, <c>run --metrics-urls</c>) accepts.</summary>
internal static class ListenUrls
{
    /// <summary>Checks each address: http(s), no path, a port (0 picks a free one).</summary>
    /// <param name="given">The addresses.</param>
    /// <param name="option">The option's name, for the error sentence.</param>
    /// <exception cref="UserInputException">An address is malformed (exit 2).</exception>
    public static string[] Parse(IReadOnlyList<string> given, string option)
    {
        ArgumentNullException.ThrowIfNull(given);
        foreach (var url in given)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Port < 0)
            {
                throw new UserInputException($"{option} '{url}' is not an address like http://127.0.0.1:8787.");
            }
        }

        return [.. given];
    }

    /// <summary>True for a loopback address.</summary>
    public static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host is "127.0.0.1" or "[::1]");
}

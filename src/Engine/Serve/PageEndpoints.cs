using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Tournament.Engine.Serve;

/// <summary>
/// The leaderboard page: static files embedded in the assembly (Serve/wwwroot), looked up by exact name (no file
/// system, no path from the request reaches a disk), each with a content ETag.
/// </summary>
internal static class PageEndpoints
{
    private const string Prefix = "serve/";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, "index.html")).ExcludeFromDescription();
        app.MapGet("/assets/{**name}", (HttpContext http, string name) => Serve(http, name)).ExcludeFromDescription();
    }

    /// <summary>The embedded file names (for tests).</summary>
    public static IEnumerable<string> Names => Assets.Keys;

    private static IResult Serve(HttpContext http, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "There is no such page asset.");
        }

        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        http.Response.Headers[HeaderNames.ETag] = asset.ETag;
        if (HttpCaching.Matches(http.Request.Headers[HeaderNames.IfNoneMatch], asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(PageEndpoints).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource[Prefix.Length..].Replace('\\', '/');
            assets[name] = new Asset(bytes, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}

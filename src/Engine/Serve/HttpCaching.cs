using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tournament.Engine.Serve;

/// <summary>
/// Cheap polling: every API response carries an ETag made of the state's change counter (the latest round id) and the
/// build, read before the response is built (so a tag is never newer than its body), and <c>Cache-Control: no-cache</c>.
/// A request whose <c>If-None-Match</c> still matches gets 304 without the queries running.
/// </summary>
internal static class HttpCaching
{
    private static readonly string Build = typeof(HttpCaching).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    /// <summary>The <see cref="Microsoft.AspNetCore.Http.HttpContext.Items"/> key of the state version read for this request.</summary>
    public const string VersionKey = "tournament.state-version";

    public static string Tag(long version) => $"W/\"{version.ToString(CultureInfo.InvariantCulture)}-{Build}\"";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, ServeQueries queries)
    {
        var http = context.HttpContext;
        var version = await queries.VersionAsync(http.RequestAborted).ConfigureAwait(false);
        http.Items[VersionKey] = version;
        var tag = Tag(version);
        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        http.Response.Headers[HeaderNames.ETag] = tag;
        if (Matches(http.Request.Headers[HeaderNames.IfNoneMatch], tag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): <c>W/"x"</c> and <c>"x"</c> match.</summary>
    public static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag)
    {
        var opaque = Opaque(tag);
        return ifNoneMatch.Any(value => value is not null && value.Split(',').Any(t => t.Trim() == "*" || Opaque(t.Trim()) == opaque));
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}

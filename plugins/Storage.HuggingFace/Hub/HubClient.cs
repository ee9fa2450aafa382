using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// Sends GET requests to the Hub: the bearer token only to the endpoint's own origin, redirects followed by hand (so a
/// CDN never sees the token), and every status mapped to an outcome: 401/403/404/410 gone, the rest deferred.
/// </summary>
internal sealed partial class HubClient(HttpClient http, HubSettings settings, ILogger logger)
{
    private const int MaxRedirects = 5;

    public Uri Endpoint => settings.Endpoint;

    public Uri ApiUri(string repo, string? revision) => new(settings.Endpoint, revision is null
        ? $"api/models/{repo}?blobs=true"
        : $"api/models/{repo}/revision/{Uri.EscapeDataString(revision)}?blobs=true");

    public Uri ResolveUri(string repo, string revision, string path) =>
        new(settings.Endpoint, $"{repo}/resolve/{revision}/{RepoPaths.EscapePath(path)}");

    public async Task<StorageResult<HubResponse>> GetAsync(Uri uri, RangeHeaderValue? range, string what, CancellationToken cancellationToken)
    {
        var current = uri;
        string? repoCommit = null, linkedEtag = null;
        long? linkedSize = null;
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.Range = range;
                if (settings.Token is not null && HubEndpoint.SameOrigin(current, settings.Endpoint))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
                }

                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransport(ex, cancellationToken))
            {
                LogTransportFailure(logger, what, current.Host, ex.GetType().Name);
                return StorageResult<HubResponse>.Defer($"The Hub could not be reached for {what} ({Describe(ex)}).");
            }

            repoCommit ??= Header(response, "X-Repo-Commit");
            linkedEtag ??= Header(response, "X-Linked-Etag")?.Trim('"');
            if (linkedSize is null && long.TryParse(Header(response, "X-Linked-Size"), out var size))
            {
                linkedSize = size;
            }

            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                response.Dispose();
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (hop >= MaxRedirects || (next.Scheme != Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttp))
                {
                    return StorageResult<HubResponse>.Defer($"The Hub redirected {what} too often or to a non-HTTP address.");
                }

                current = next;
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return new HubResponse(response, repoCommit, linkedSize, linkedEtag);
            }

            response.Dispose();
            LogStatus(logger, what, status);
            return MapStatus<HubResponse>(response.StatusCode, what);
        }
    }

    public static StorageResult<T> MapStatus<T>(HttpStatusCode status, string what) => (int)status switch
    {
        401 or 403 => StorageResult<T>.Gone($"{what} is private, gated or needs a token the validator does not have (HTTP {(int)status})."),
        404 or 410 => StorageResult<T>.Gone($"{what} was not found on the Hub (HTTP {(int)status}): the repository, revision or file is gone."),
        429 => StorageResult<T>.Defer($"The Hub kept throttling {what} (HTTP 429) after retries."),
        >= 500 => StorageResult<T>.Defer($"The Hub failed {what} with HTTP {(int)status} after retries."),
        _ => StorageResult<T>.Defer($"The Hub answered {what} with unexpected HTTP {(int)status}."),
    };

    public static bool IsTransport(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or TimeoutRejectedException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static string Describe(Exception ex) => ex switch
    {
        TimeoutRejectedException => "timed out",
        OperationCanceledException => "timed out",
        HttpRequestException { HttpRequestError: var e } when e != HttpRequestError.Unknown => $"network error: {e}",
        _ => "network error",
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "HuggingFace: {What} failed at {Host}: {Error}")]
    private static partial void LogTransportFailure(ILogger logger, string what, string host, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "HuggingFace: {What} answered HTTP {Status}")]
    private static partial void LogStatus(ILogger logger, string what, int status);
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.Hippius.Registry;

/// <summary>
/// Registry authentication. A static bearer token (<c>HIPPIUS_REGISTRY_TOKEN</c>) is sent up front. A 401 with a
/// <c>WWW-Authenticate: Bearer realm=…,service=…,scope=…</c> challenge is answered with the Docker/OCI token protocol:
/// <c>GET realm?service=…&amp;scope=…</c> (HTTP Basic with <c>HIPPIUS_REGISTRY_USERNAME</c>/<c>HIPPIUS_REGISTRY_PASSWORD</c>
/// when both are set, anonymous otherwise), then the request is repeated once with the token. Tokens are cached per
/// scope until 90% of their lifetime (<c>expires_in</c>, default 60 s). A <c>Basic</c> challenge is answered with the
/// same credentials. Credentials go only to the realm, tokens only to the registry; neither is ever logged or put in
/// a message. Every failure of the token service is the infrastructure's: a transient <see cref="StorageFailure"/>.
/// </summary>
internal sealed class RegistryAuthenticator
{
    public const int MaxTokenResponseBytes = 64 * 1024;
    public const int MaxTokenLength = 16 * 1024;
    private const int DefaultExpiresSeconds = 60;

    private readonly HttpClient _http;
    private readonly string? _staticToken;
    private readonly (string User, string Password)? _basic;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (AuthenticationHeaderValue Header, DateTimeOffset Until)> _byScope = new(StringComparer.Ordinal);

    public RegistryAuthenticator(HttpClient http, HippiusCredentials credentials, TimeSpan timeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _http = http;
        _staticToken = credentials.RegistryToken;
        _basic = credentials.RegistryUsername is { } user && credentials.RegistryPassword is { } password ? (user, password) : null;
        _timeout = timeout;
        _time = time;
    }

    /// <summary>Token requests made so far (for tests and metrics).</summary>
    public int TokenRequests => _tokenRequests;

    private int _tokenRequests;

    /// <summary>The pull scope of a repository.</summary>
    public static string PullScope(string repo) => $"repository:{repo}:pull";

    /// <summary>The Authorization header for a request in <paramref name="scope"/>, or null.</summary>
    public AuthenticationHeaderValue? HeaderFor(string scope) =>
        _byScope.TryGetValue(scope, out var cached) && cached.Until > _time.GetUtcNow() ? cached.Header
        : _staticToken is null ? null
        : new AuthenticationHeaderValue("Bearer", _staticToken);

    /// <summary>
    /// Answers a 401's challenges. True when a new credential for <paramref name="scope"/> was obtained (repeat the
    /// request once); false when there is nothing to try (the 401 stands).
    /// </summary>
    public async Task<bool> AnswerAsync(HttpResponseMessage unauthorized, string scope, ModelRef model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unauthorized);
        // Raw header values: the typed collection silently drops a challenge it cannot parse, which must defer, not
        // read as "no challenge".
        var raw = unauthorized.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? values : default;
        foreach (var value in raw)
        {
            var text = value.Trim();
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var (scheme, parameters) = space < 0 ? (text, "") : (text[..space], text[(space + 1)..]);
            if (string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                var challenge = AuthChallenge.TryParse(scheme, parameters)
                    ?? throw StorageFailure.Transient($"The registry's Bearer challenge for {model} does not parse; check RegistryEndpoint.");
                var (token, lifetime) = await FetchTokenAsync(challenge, scope, model, cancellationToken).ConfigureAwait(false);
                _byScope[scope] = (new AuthenticationHeaderValue("Bearer", token), _time.GetUtcNow() + (lifetime * 0.9));
                return true;
            }

            if (string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase) && _basic is { } basic)
            {
                _byScope[scope] = (BasicHeader(basic), DateTimeOffset.MaxValue);
                return true;
            }
        }

        return false;
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(AuthChallenge challenge, string scope, ModelRef model, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge["realm"], UriKind.Absolute, out var realm) || realm.Scheme is not ("http" or "https"))
        {
            throw StorageFailure.Transient($"The registry's token realm for {model} is not an absolute http(s) URL; check RegistryEndpoint.");
        }

        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : "");
        if (challenge["service"] is { Length: > 0 } service)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }

        query.Append("scope=").Append(Uri.EscapeDataString(challenge["scope"] is { Length: > 0 } asked ? asked : scope));
        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_basic is { } basic)
        {
            request.Headers.Authorization = BasicHeader(basic);
        }

        Interlocked.Increment(ref _tokenRequests);
        using var deadline = new Deadline(_timeout, _time, cancellationToken);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw StorageFailure.Transient(_basic is null
                    ? $"The registry's token service refuses anonymous pulls ({(int)response.StatusCode}); set {HippiusCredentials.RegistryUsernameVariable} and {HippiusCredentials.RegistryPasswordVariable}."
                    : $"The registry's token service refuses the configured credentials ({(int)response.StatusCode}); check {HippiusCredentials.RegistryUsernameVariable} and {HippiusCredentials.RegistryPasswordVariable}.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw StorageFailure.Transient($"The registry's token service answered {(int)response.StatusCode} for {model}.");
            }

            if (response.Content.Headers.ContentLength > MaxTokenResponseBytes)
            {
                throw StorageFailure.Transient($"The registry's token response for {model} is larger than {MaxTokenResponseBytes} bytes.");
            }

            var body = await ReadAtMostAsync(await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false), MaxTokenResponseBytes + 1, deadline.Token).ConfigureAwait(false);
            return body.Length > MaxTokenResponseBytes
                ? throw StorageFailure.Transient($"The registry's token response for {model} is larger than {MaxTokenResponseBytes} bytes.")
                : ParseToken(body, model);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw StorageFailure.Transient($"The registry's token service did not answer for {model} within {_timeout.TotalSeconds:F0} s.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw StorageFailure.Transient($"The connection to the registry's token service failed for {model} ({ex.GetType().Name}).", ex);
        }
    }

    /// <summary>Reads <c>token</c> (or <c>access_token</c>) and <c>expires_in</c>; anything else is a transient failure.</summary>
    internal static (string Token, TimeSpan Lifetime) ParseToken(byte[] body, ModelRef model)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw StorageFailure.Transient($"The registry's token response for {model} is not valid UTF-8.");
        }

        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw StorageFailure.Transient($"The registry's token response for {model} is not a JSON object.");
            }

            var token = Text(root, "token") ?? Text(root, "access_token");
            if (token is null || token.Length > MaxTokenLength || token.Any(c => c is <= ' ' or > '~'))
            {
                throw StorageFailure.Transient($"The registry's token response for {model} has no usable token.");
            }

            var seconds = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var s) && s > 0
                ? Math.Min(s, 86_400)
                : DefaultExpiresSeconds;
            return (token, TimeSpan.FromSeconds(seconds));
        }
        catch (JsonException ex)
        {
            throw StorageFailure.Transient($"The registry's token response for {model} is not valid JSON.", ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static AuthenticationHeaderValue BasicHeader((string User, string Password) basic) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.User + ":" + basic.Password)));

    private static async Task<byte[]> ReadAtMostAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[limit];
            var total = 0;
            int read;
            while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return buffer[..total];
        }
    }
}

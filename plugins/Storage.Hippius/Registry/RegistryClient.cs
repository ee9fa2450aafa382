using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.Hippius.Registry;

/// <summary>
/// The OCI distribution protocol, read side: manifests by digest and blobs (whole or by Range). Transient failures
/// (429, 5xx, timeouts, dropped connections) are retried with exponential back-off, then surface as deferrals.
/// </summary>
internal sealed partial class RegistryClient
{
    private const string ManifestAccept = OciManifest.OciManifestMediaType + ", " + OciManifest.DockerManifestMediaType;

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly HippiusOptions _options;
    private readonly RegistryAuthenticator _auth;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RegistryClient(HttpClient http, Uri endpoint, HippiusOptions options, RegistryAuthenticator auth, TimeProvider time, ILogger logger)
    {
        _http = http;
        _endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _options = options;
        _auth = auth;
        _time = time;
        _logger = logger;
    }

    /// <summary>Fetches the manifest of <paramref name="model"/>, checks its bytes hash to the pinned digest, validates it.</summary>
    public async Task<(OciManifest Manifest, byte[] Bytes)> GetManifestAsync(ModelRef model, CancellationToken cancellationToken)
    {
        var uri = Url(model.Repo, "manifests", model.Revision);
        var bytes = await WithRetriesAsync(model, "manifest", async ct =>
        {
            using var response = await SendAsync(HttpMethod.Get, uri, null, ManifestAccept, model, "manifest", ct).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is { } length && length > _options.MaxManifestBytes)
            {
                throw Invalid(model, $"the manifest is {length} bytes; at most {_options.MaxManifestBytes} are accepted");
            }

            using var timeout = RequestTimeout(ct);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var read = await ReadAtMostAsync(stream, _options.MaxManifestBytes + 1, timeout.Token).ConfigureAwait(false);
                return read.Length > _options.MaxManifestBytes
                    ? throw Invalid(model, $"the manifest is larger than the {_options.MaxManifestBytes}-byte limit")
                    : read;
            }
        }, cancellationToken).ConfigureAwait(false);

        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, model.Revision, StringComparison.Ordinal))
        {
            throw StorageFailure.Disqualify(HippiusReasonCodes.ManifestDigest, $"The manifest served for {model} hashes to {actual}, not to the committed digest; the commitment does not name this content.");
        }

        try
        {
            return (OciManifest.Parse(bytes, model.Revision, ManifestLimits.From(_options)), bytes);
        }
        catch (ManifestException ex)
        {
            throw Invalid(model, ex.Message);
        }
    }

    /// <summary>
    /// Streams one blob into <paramref name="destination"/>, verifying its size and SHA-256 on the fly. When a transfer
    /// drops and the registry accepts ranges, the next attempt asks for <c>Range: bytes=&lt;written&gt;-</c> and appends,
    /// hashing on from where it stopped; a registry that answers that with 200 or with another range is read from the
    /// start again. The file is never trusted before the whole-file hash matches.
    /// </summary>
    public async Task DownloadBlobAsync(ModelRef model, OciLayer layer, string destination, IProgressTask progress, CancellationToken cancellationToken)
    {
        using var partial = new PartialBlob(destination);
        await WithRetriesAsync(model, layer.Path, async ct =>
        {
            using var linked = new Deadline(TimeSpan.FromSeconds(_options.BlobTimeoutSeconds), _time, ct);
            var resumeFrom = partial.CanResume ? partial.Written : 0;
            using var response = await SendAsync(HttpMethod.Get, Url(model.Repo, "blobs", layer.Digest), resumeFrom > 0 ? new RangeHeaderValue(resumeFrom, null) : null, null, model, layer.Path, linked.Token).ConfigureAwait(false);
            if (resumeFrom > 0 && !partial.Continues(response, layer.Size))
            {
                partial.Restart();
                if (response.StatusCode == HttpStatusCode.PartialContent)
                {
                    throw StorageFailure.Transient($"The registry answered a resumed download of '{layer.Path}' of {model} with another range; it is read from the start again.");
                }
            }
            else if (resumeFrom == 0)
            {
                partial.Restart();
                partial.CanResume = response.Headers.AcceptRanges.Contains("bytes");
            }
            else
            {
                partial.PrepareResume();
            }

            var expected = layer.Size - partial.Written;
            if (response.Content.Headers.ContentLength is { } length && length != expected)
            {
                throw BlobLie(model, layer, $"the registry serves {length} bytes{(partial.Written > 0 ? $" after the first {partial.Written}" : "")} but the manifest says {layer.Size}");
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await CopyVerifiedAsync(stream, model, layer, partial, progress, linked.Token).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads only the safetensors header of a blob: a Range request for the 8-byte length, then one for the header.
    /// When the registry ignores Range (answers 200), only the header's bytes are read from the full body.
    /// </summary>
    public Task<SafetensorsHeader> ReadSafetensorsHeaderAsync(ModelRef model, OciLayer layer, CancellationToken cancellationToken)
    {
        var source = $"{model}/{layer.Path}";
        if (layer.Size < 8)
        {
            SafetensorsHeader.ReadHeaderLength([], layer.Size, source);
        }

        var uri = Url(model.Repo, "blobs", layer.Digest);
        return WithRetriesAsync(model, layer.Path, async ct =>
        {
            using var timeout = RequestTimeout(ct);
            using var first = await SendAsync(HttpMethod.Get, uri, new RangeHeaderValue(0, 7), null, model, layer.Path, timeout.Token).ConfigureAwait(false);
            var body = await first.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                if (first.StatusCode != HttpStatusCode.PartialContent)
                {
                    return await SafetensorsHeader.ReadAsync(body, layer.Size, source, timeout.Token).ConfigureAwait(false);
                }

                var prefix = await ReadAtMostAsync(body, 8, timeout.Token).ConfigureAwait(false);
                var n = SafetensorsHeader.ReadHeaderLength(prefix, layer.Size, source);
                using var second = await SendAsync(HttpMethod.Get, uri, new RangeHeaderValue(8, 8 + n - 1), null, model, layer.Path, timeout.Token).ConfigureAwait(false);
                var rest = await second.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                await using (rest.ConfigureAwait(false))
                {
                    if (second.StatusCode != HttpStatusCode.PartialContent)
                    {
                        return await SafetensorsHeader.ReadAsync(rest, layer.Size, source, timeout.Token).ConfigureAwait(false);
                    }

                    var json = await ReadAtMostAsync(rest, n, timeout.Token).ConfigureAwait(false);
                    return SafetensorsHeader.Parse([.. prefix, .. json], layer.Size, source);
                }
            }
        }, cancellationToken);
    }

    private Uri Url(string repo, string kind, string reference) => new(_endpoint, $"v2/{repo}/{kind}/{reference}");

    private Deadline RequestTimeout(CancellationToken cancellationToken) =>
        new(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds), _time, cancellationToken);

    private static StorageFailure Invalid(ModelRef model, string problem) =>
        StorageFailure.Disqualify(HippiusReasonCodes.ManifestInvalid, $"The manifest of {model} is invalid: {problem}.");

    private static StorageFailure BlobLie(ModelRef model, OciLayer layer, string problem) =>
        StorageFailure.Disqualify(HippiusReasonCodes.BlobIntegrity, $"The file '{layer.Path}' of {model} does not match its manifest: {problem}.");
}

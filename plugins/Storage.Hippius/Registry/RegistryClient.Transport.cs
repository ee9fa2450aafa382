using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.Hippius.Registry;

/// <summary>Requests, status mapping, retries and verified streaming.</summary>
internal sealed partial class RegistryClient
{
    private const int BufferSize = 1 << 16;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, RangeHeaderValue? range, string? accept, ModelRef model, string what, CancellationToken cancellationToken)
    {
        var scope = RegistryAuthenticator.PullScope(model.Repo);
        var response = await SendOnceAsync(method, uri, range, accept, scope, model, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // One answer to the challenge (a token or Basic credentials), then the request once more.
            bool answered;
            using (response)
            {
                answered = await _auth.AnswerAsync(response, scope, model, cancellationToken).ConfigureAwait(false);
            }

            response = answered
                ? await SendOnceAsync(method, uri, range, accept, scope, model, what, cancellationToken).ConfigureAwait(false)
                : new HttpResponseMessage(HttpStatusCode.Unauthorized);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = (int)response.StatusCode;
        response.Dispose();
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => StorageFailure.Disqualify(ReasonCodes.Removed, $"The registry has no {what} for {model} (404); it was removed or never pushed."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => StorageFailure.Disqualify(ReasonCodes.Removed, $"The registry refuses access to {what} of {model} ({status}); the model is private or removed."),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => StorageFailure.Transient($"The registry throttled the request for {what} of {model} ({status})."),
            _ when status >= 500 => StorageFailure.Transient($"The registry failed on {what} of {model} ({status})."),
            _ => StorageFailure.Transient($"The registry answered {status} for {what} of {model}; check RegistryEndpoint."),
        };
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, RangeHeaderValue? range, string? accept, string scope, ModelRef model, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (range is not null)
        {
            request.Headers.Range = range;
        }

        request.Headers.Authorization = _auth.HeaderFor(scope);

        using var timeout = RequestTimeout(cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw StorageFailure.Transient($"The registry did not answer for {model} ({what}) within {_options.RequestTimeoutSeconds} s.", ex);
        }

        return response;
    }

    private async Task<T> WithRetriesAsync<T>(ModelRef model, string what, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            StorageFailure failure;
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (StorageFailure ex) when (ex.IsTransient)
            {
                failure = ex;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = StorageFailure.Transient($"The registry transfer of {what} for {model} timed out.", ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                failure = StorageFailure.Transient($"The connection to the registry failed while reading {what} of {model} ({ex.GetType().Name}).", ex);
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw attempt == 1 ? failure : StorageFailure.Transient($"{failure.Message} Gave up after {attempt} attempts.", failure);
            }

            var delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelayMilliseconds * Math.Pow(2, attempt - 1));
            LogRetry(model, what, attempt, delay.TotalMilliseconds, failure.Message);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyVerifiedAsync(Stream source, ModelRef model, OciLayer layer, PartialBlob partial, IProgressTask progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        var file = new FileStream(partial.Path, FileMode.Append, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (partial.Written + read > layer.Size)
                {
                    throw BlobLie(model, layer, $"the registry serves more than the {layer.Size} bytes the manifest says");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                partial.Appended(buffer.AsSpan(0, read));
                progress.Advance(read);
            }
        }

        if (partial.Written != layer.Size)
        {
            throw BlobLie(model, layer, $"the registry serves {partial.Written} bytes but the manifest says {layer.Size}");
        }

        var actual = "sha256:" + Convert.ToHexStringLower(partial.Hash());
        if (!string.Equals(actual, layer.Digest, StringComparison.Ordinal) && partial.Resumed)
        {
            // A resumed transfer may have been stitched wrongly by the server: one whole download decides.
            partial.Restart();
            partial.CanResume = false;
            throw StorageFailure.Transient($"The file '{layer.Path}' of {model} did not verify after a resumed transfer; it is downloaded whole again.");
        }

        if (!string.Equals(actual, layer.Digest, StringComparison.Ordinal))
        {
            throw BlobLie(model, layer, $"its bytes hash to {actual}, not to {layer.Digest}");
        }
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(1, limit))];
        while (memory.Length < limit)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - memory.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry request for {Model} ({What}) failed on attempt {Attempt}; retrying in {DelayMs} ms: {Reason}")]
    private partial void LogRetry(ModelRef model, string what, int attempt, double delayMs, string reason);
}

using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// Downloads one file into <c>blobs/&lt;etag&gt;.incomplete</c>, resuming with Range after a dropped connection (within a
/// fetch and across fetches), hashing while streaming, and moving it to <c>blobs/&lt;etag&gt;</c> only once size and hash
/// match. A file that fails verification is deleted; a server that sends more or other bytes than described is caught.
/// </summary>
internal sealed partial class FileDownloader(HubClient client, HuggingFaceOptions options, ILogger logger)
{
    private const int BufferSize = 1 << 20;

    public async Task<StorageResult<string>> DownloadAsync(
        ModelRef model, HubFile file, string blobPath, Action<long> onBytes, CancellationToken cancellationToken)
    {
        var incomplete = blobPath + ".incomplete";
        var what = $"'{file.Path}' of {model}";
        var url = client.ResolveUri(model.Repo, model.Revision, file.Path);
        for (var attempt = 0; attempt <= options.MaxResumeAttempts; attempt++)
        {
            var outcome = await AttemptAsync(model, file, url, incomplete, what, onBytes, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                LogResume(logger, what, attempt + 1);
                continue;
            }

            if (!outcome.IsOk)
            {
                return outcome;
            }

            File.Move(incomplete, blobPath, overwrite: true);
            return blobPath;
        }

        return StorageResult<string>.Defer($"The download of {what} was interrupted {options.MaxResumeAttempts + 1} times; it will resume next time.");
    }

    /// <summary>One request; null means "interrupted, resume".</summary>
    private async Task<StorageResult<string>?> AttemptAsync(
        ModelRef model, HubFile file, Uri url, string incomplete, string what, Action<long> onBytes, CancellationToken cancellationToken)
    {
        var have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
        if (have > file.Size)
        {
            File.Delete(incomplete);
            have = 0;
        }

        using var verifier = new ContentVerifier(file);
        if (have == file.Size)
        {
            // Everything is on disk already (an earlier run died before the rename): verify it without a request.
            await HashExistingAsync(incomplete, verifier, cancellationToken).ConfigureAwait(false);
            return Verify(verifier, incomplete, what);
        }

        var range = have > 0 ? new RangeHeaderValue(have, null) : null;
        var sent = await client.GetAsync(url, range, $"the download of {what}", cancellationToken).ConfigureAwait(false);
        if (!sent.IsOk)
        {
            return sent.Select(_ => "");
        }

        using var response = sent.AsT0;
        if (response.RepoCommit is { } commit && !string.Equals(commit, model.Revision, StringComparison.OrdinalIgnoreCase))
        {
            return StorageResult<string>.Gone($"The Hub served {what} from commit {commit}, not the pinned revision.");
        }

        var message = response.Message;
        var contentRange = message.Content.Headers.ContentRange;
        if (message.StatusCode == HttpStatusCode.PartialContent && range is not null)
        {
            if (contentRange?.From != have || (contentRange.Length is { } total && total != file.Size))
            {
                return Lie(incomplete, what, $"a range starting at {contentRange?.From} of {contentRange?.Length} bytes for a request from {have} of {file.Size}");
            }
        }
        else
        {
            // A full answer: start over.
            have = 0;
        }

        var expectedBody = file.Size - have;
        if (message.Content.Headers.ContentLength is { } length && length != expectedBody)
        {
            return Lie(incomplete, what, $"{length} bytes where {expectedBody} were due");
        }

        if (response.LinkedSize is { } linked && linked != file.Size)
        {
            return Lie(incomplete, what, $"X-Linked-Size {linked} for a {file.Size}-byte file");
        }

        if (have > 0)
        {
            await HashExistingAsync(incomplete, verifier, cancellationToken).ConfigureAwait(false);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var output = new FileStream(incomplete, have > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var body = await message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    while (true)
                    {
                        idle.CancelAfter(TimeSpan.FromSeconds(options.ReadTimeoutSeconds));
                        var read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), idle.Token).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        if (have + read > file.Size)
                        {
                            await output.DisposeAsync().ConfigureAwait(false);
                            return Lie(incomplete, what, $"more than the described {file.Size} bytes");
                        }

                        verifier.Append(buffer.AsSpan(0, read));
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        have += read;
                        onBytes(read);
                    }
                }
            }
        }
        catch (Exception ex) when (HubClient.IsTransport(ex, cancellationToken))
        {
            LogInterrupted(logger, what, have, file.Size, HubClient.Describe(ex));
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return have < file.Size ? null : Verify(verifier, incomplete, what);
    }

    private StorageResult<string> Verify(ContentVerifier verifier, string incomplete, string what)
    {
        var (actual, matches) = verifier.Finish();
        if (matches)
        {
            return incomplete;
        }

        File.Delete(incomplete);
        LogMismatch(logger, what, verifier.Algorithm, actual ?? "");
        return StorageResult<string>.Defer($"The bytes received for {what} do not match the Hub's {verifier.Algorithm} ({actual}); the file was discarded and will be fetched again.");
    }

    private StorageResult<string> Lie(string incomplete, string what, string detail)
    {
        File.Delete(incomplete);
        LogMismatch(logger, what, "size", detail);
        return StorageResult<string>.Defer($"The server sent {detail} for {what}; the partial file was discarded.");
    }

    private static async Task HashExistingAsync(string path, ContentVerifier verifier, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (input.ConfigureAwait(false))
            {
                int read;
                while ((read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    verifier.Append(buffer.AsSpan(0, read));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HuggingFace: resuming {What} (attempt {Attempt})")]
    private static partial void LogResume(ILogger logger, string what, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HuggingFace: {What} interrupted at {Have}/{Size} bytes: {Error}")]
    private static partial void LogInterrupted(ILogger logger, string what, long have, long size, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HuggingFace: {What} failed verification ({Check}: {Detail}); discarded")]
    private static partial void LogMismatch(ILogger logger, string what, string check, string detail);
}

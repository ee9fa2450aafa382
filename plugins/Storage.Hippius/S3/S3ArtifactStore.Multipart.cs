using Amazon.S3;
using Amazon.S3.Model;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.Hippius.S3;

internal sealed partial class S3ArtifactStore
{
    private async Task MultipartAsync(string key, Artifact artifact, CancellationToken cancellationToken)
    {
        var start = new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = artifact.ContentType };
        if (_options.PublicRead)
        {
            start.CannedACL = S3CannedACL.PublicRead;
        }

        var upload = await _client.InitiateMultipartUploadAsync(start, cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            var content = artifact.Content;
            var partNumber = 1;
            for (long offset = 0; offset < content.Length; offset += _options.PartSizeBytes, partNumber++)
            {
                var length = (int)Math.Min(_options.PartSizeBytes, content.Length - offset);
                using var body = AsStream(content.Slice((int)offset, length));
                var part = await _client.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = _bucket, Key = key, UploadId = upload.UploadId, PartNumber = partNumber,
                        InputStream = body, PartSize = length, UseChunkEncoding = false,
                    },
                    cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, part.ETag));
            }

            await _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = upload.UploadId, PartETags = parts },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortQuietlyAsync(key, upload.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonS3Exception or HttpRequestException or OperationCanceledException or IOException)
        {
            LogAbortFailed(key, ex.GetType().Name);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Aborting the multipart upload of {Key} failed ({Error}); the store's lifecycle rules must clean it up")]
    private partial void LogAbortFailed(string key, string error);
}

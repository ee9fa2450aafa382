using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.Hippius.S3;

/// <summary>
/// Artifacts on an S3-compatible store through the AWS SDK: single PUTs below the multipart threshold, multipart
/// uploads above it (aborted on failure), content type and optional <c>public-read</c>. The SDK retries throttling
/// and 5xx (standard retry mode, <see cref="HippiusOptions.MaxAttempts"/> attempts).
/// </summary>
internal sealed partial class S3ArtifactStore : IDisposable
{
    private readonly HippiusOptions _options;
    private readonly AmazonS3Client _client;
    private readonly ILogger _logger;
    private readonly string _bucket;

    public S3ArtifactStore(HippiusOptions options, HippiusCredentials credentials, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _bucket = options.Bucket ?? throw new ArgumentException("Bucket is required for artifacts.", nameof(options));
        HasCredentials = credentials.HasS3Keys;
        AWSCredentials awsCredentials = credentials.HasS3Keys
            ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
            : new AnonymousAWSCredentials();
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl.AbsoluteUri,
            AuthenticationRegion = options.Region,
            ForcePathStyle = options.ForcePathStyle,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxAttempts - 1,
            Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            // S3-compatible stores (Hippius, s3rver) do not all accept the SDK's default trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        _client = new AmazonS3Client(awsCredentials, config);
    }

    public bool HasCredentials { get; }

    /// <summary>The full object key of an artifact key.</summary>
    public string ObjectKey(string key) =>
        _options.KeyPrefix.Length == 0 ? key : _options.KeyPrefix.TrimEnd('/') + "/" + key;

    /// <summary>A path-style (or virtual-host) URL a person can open when the object is public.</summary>
    public Uri PublicUrl(string objectKey)
    {
        var service = _options.ServiceUrl;
        var escaped = string.Join('/', objectKey.Split('/').Select(Uri.EscapeDataString));
        return _options.ForcePathStyle
            ? new Uri($"{service.GetLeftPart(UriPartial.Authority)}{service.AbsolutePath.TrimEnd('/')}/{_bucket}/{escaped}")
            : new Uri($"{service.Scheme}://{_bucket}.{service.Authority}/{escaped}");
    }

    public async Task<StorageResult<ArtifactLocation>> PublishAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        if (ArtifactKeys.Problem(artifact.Key) is { } problem)
        {
            throw new ArgumentException(problem, nameof(artifact));
        }

        if (!HasCredentials)
        {
            return StorageResult<ArtifactLocation>.Defer($"Cannot publish '{artifact.Key}' to S3: set {HippiusCredentials.AccessKeyVariable} and {HippiusCredentials.SecretKeyVariable} in the environment.");
        }

        var key = ObjectKey(artifact.Key);
        try
        {
            if (artifact.Content.Length >= _options.MultipartThresholdBytes)
            {
                await MultipartAsync(key, artifact, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var body = AsStream(artifact.Content);
                var request = new PutObjectRequest
                {
                    BucketName = _bucket, Key = key, InputStream = body, ContentType = artifact.ContentType,
                    UseChunkEncoding = false, AutoCloseStream = false,
                };
                if (_options.PublicRead)
                {
                    request.CannedACL = S3CannedACL.PublicRead;
                }

                await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsS3Failure(ex, cancellationToken))
        {
            // Publishing never disqualifies anyone: every failure here is the validator's infrastructure.
            return StorageResult<ArtifactLocation>.Defer($"Publishing '{artifact.Key}' to bucket '{_bucket}' failed: {Describe(ex)}");
        }

        LogPublished(key, artifact.Content.Length);
        return new ArtifactLocation(PublicUrl(key).AbsoluteUri);
    }

    /// <summary>Reads an artifact back: not found / unauthorized are <c>removed</c>; throttling, 5xx, timeouts defer.</summary>
    public async Task<StorageResult<(byte[] Content, string ContentType)>> ReadAsync(string artifactKey, long maxBytes, CancellationToken cancellationToken)
    {
        if (ArtifactKeys.Problem(artifactKey) is { } problem)
        {
            throw new ArgumentException(problem, nameof(artifactKey));
        }

        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = ObjectKey(artifactKey) }, cancellationToken).ConfigureAwait(false);
            if (response.ContentLength > maxBytes)
            {
                return StorageResult<(byte[], string)>.Gone($"The artifact '{artifactKey}' is {response.ContentLength} bytes; at most {maxBytes} are read.", HippiusReasonCodes.Oversized);
            }

            using var memory = new MemoryStream();
            await response.ResponseStream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
            return (memory.ToArray(), response.Headers.ContentType);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return StorageResult<(byte[], string)>.Gone($"The artifact '{artifactKey}' is not readable in bucket '{_bucket}' ({(int)ex.StatusCode} {ex.ErrorCode}).");
        }
        catch (Exception ex) when (IsS3Failure(ex, cancellationToken))
        {
            return StorageResult<(byte[], string)>.Defer($"Reading '{artifactKey}' from bucket '{_bucket}' failed: {Describe(ex)}");
        }
    }

    public void Dispose() => _client.Dispose();

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static bool IsS3Failure(Exception ex, CancellationToken cancellationToken) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception ex) => ex switch
    {
        AmazonServiceException s when (int)s.StatusCode == 429 || (int)s.StatusCode >= 500 || s.ErrorCode is "SlowDown" or "Throttling" =>
            $"the store is throttling or failing ({(int)s.StatusCode} {s.ErrorCode}) after retries.",
        AmazonServiceException s when s.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized =>
            $"access denied ({(int)s.StatusCode} {s.ErrorCode}); check the S3 keys in the environment and the bucket's policy.",
        AmazonServiceException s when s.StatusCode == HttpStatusCode.NotFound =>
            $"not found ({s.ErrorCode}); check Bucket and ServiceUrl.",
        AmazonServiceException s => $"{(int)s.StatusCode} {s.ErrorCode}.",
        OperationCanceledException => "the request timed out.",
        _ => $"{ex.GetType().Name}: the store could not be reached.",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Published artifact {Key} ({Bytes} bytes)")]
    private partial void LogPublished(string key, int bytes);
}

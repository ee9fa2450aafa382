using System.Text.Json;

namespace Tournament.Plugins.Storage.Hippius.Registry;

/// <summary>One layer of a model manifest: a file of the model, stored as a blob addressed by its digest.</summary>
/// <param name="Path">The file's relative path (from the <c>org.opencontainers.image.title</c> annotation), validated.</param>
/// <param name="Digest">The blob digest <c>sha256:&lt;64 hex&gt;</c>.</param>
/// <param name="Size">The blob size the manifest claims.</param>
/// <param name="MediaType">The layer media type.</param>
internal sealed record OciLayer(string Path, string Digest, long Size, string MediaType)
{
    /// <summary>The lower-case hex part of the digest.</summary>
    public string Sha256Hex => Digest[7..];
}

/// <summary>A validated OCI image manifest whose layers are the model's files.</summary>
/// <param name="Digest">The manifest's own digest (checked against the bytes).</param>
/// <param name="Layers">The layers, in manifest order.</param>
internal sealed record OciManifest(string Digest, IReadOnlyList<OciLayer> Layers)
{
    public const string OciManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestMediaType = "application/vnd.docker.distribution.manifest.v2+json";
    public const string TitleAnnotation = "org.opencontainers.image.title";

    public long TotalSize => Layers.Sum(l => l.Size);

    public OciLayer? Find(string path) => Layers.FirstOrDefault(l => string.Equals(l.Path, path, StringComparison.Ordinal));

    /// <summary>Parses and validates manifest bytes; throws <see cref="ManifestException"/> naming the problem.</summary>
    public static OciManifest Parse(ReadOnlySpan<byte> bytes, string digest, ManifestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.Length > limits.MaxManifestBytes)
        {
            throw new ManifestException($"the manifest is {bytes.Length} bytes; at most {limits.MaxManifestBytes} are accepted");
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new ManifestException("the manifest is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new ManifestException($"the manifest is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ManifestException("the manifest is not a JSON object");
            }

            if (!root.TryGetProperty("schemaVersion", out var schema) || schema.ValueKind != JsonValueKind.Number || !schema.TryGetInt32(out var version) || version != 2)
            {
                throw new ManifestException("the manifest's schemaVersion must be 2");
            }

            if (root.TryGetProperty("mediaType", out var mediaType)
                && (mediaType.ValueKind != JsonValueKind.String || mediaType.GetString() is not (OciManifestMediaType or DockerManifestMediaType)))
            {
                throw new ManifestException("the manifest's mediaType is not an OCI image manifest");
            }

            if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                throw new ManifestException("the manifest has no layers array");
            }

            var count = layers.GetArrayLength();
            if (count == 0 || count > limits.MaxLayers)
            {
                throw new ManifestException($"the manifest lists {count} layers; 1 to {limits.MaxLayers} are accepted");
            }

            var result = new List<OciLayer>(count);
            var paths = new LayerPathSet();
            long total = 0;
            var index = 0;
            foreach (var layer in layers.EnumerateArray())
            {
                var parsed = ParseLayer(layer, index++, limits);
                paths.Add(parsed.Path);
                total += parsed.Size;
                if (total > limits.MaxModelBytes)
                {
                    throw new ManifestException($"the layers add up to more than {limits.MaxModelBytes} bytes");
                }

                result.Add(parsed);
            }

            return new OciManifest(digest, result);
        }
    }

    private static OciLayer ParseLayer(JsonElement layer, int index, ManifestLimits limits)
    {
        if (layer.ValueKind != JsonValueKind.Object)
        {
            throw new ManifestException($"layer {index} is not an object");
        }

        var media = layer.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : null;
        if (string.IsNullOrEmpty(media) || media.Length > 255)
        {
            throw new ManifestException($"layer {index} has no mediaType");
        }

        var digest = layer.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (digest is null || !Digests.IsSha256(digest))
        {
            throw new ManifestException($"layer {index} has no valid digest (expected sha256:<64 lower-case hex>)");
        }

        if (!layer.TryGetProperty("size", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var size) || size < 0)
        {
            throw new ManifestException($"layer {index} has no valid size");
        }

        if (size > limits.MaxLayerBytes)
        {
            throw new ManifestException($"layer {index} claims {size} bytes; at most {limits.MaxLayerBytes} are accepted per file");
        }

        string? title = null;
        if (layer.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
            && annotations.TryGetProperty(TitleAnnotation, out var t) && t.ValueKind == JsonValueKind.String)
        {
            title = t.GetString();
        }

        if (title is null)
        {
            throw new ManifestException($"layer {index} has no '{TitleAnnotation}' annotation naming its file");
        }

        if (LayerPaths.Problem(title) is { } problem)
        {
            throw new ManifestException($"layer {index} path '{Shorten(title)}' {problem}");
        }

        return new OciLayer(title, digest, size, media);
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

/// <summary>Bounds applied to manifests.</summary>
internal sealed record ManifestLimits(long MaxManifestBytes, int MaxLayers, long MaxLayerBytes, long MaxModelBytes)
{
    public static ManifestLimits From(HippiusOptions options) =>
        new(options.MaxManifestBytes, options.MaxLayers, options.MaxLayerBytes, options.MaxModelBytes);
}

/// <summary>A manifest is malformed or hostile; the message completes "The manifest of X is invalid: …".</summary>
internal sealed class ManifestException : Exception
{
    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException()
    {
    }

    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

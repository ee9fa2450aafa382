using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// Parses <c>GET /api/models/{repo}/revision/{rev}?blobs=true</c>. A malformed answer is the Hub's problem (deferred);
/// a sibling with an unsafe name or an oversized listing is the repository's (disqualified).
/// </summary>
internal static class ModelInfoParser
{
    public const string UnsafePath = "unsafe-path";

    public static StorageResult<HubModel> Parse(ReadOnlySpan<byte> json, string repo, int maxFiles)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return Read(doc.RootElement, repo, maxFiles);
        }
        catch (JsonException ex)
        {
            return StorageResult<HubModel>.Defer($"The Hub's model API answered invalid JSON for {repo} ({ex.Message}).");
        }
        catch (InvalidOperationException ex)
        {
            return StorageResult<HubModel>.Defer($"The Hub's model API answered an unexpected shape for {repo}: {ex.Message}");
        }
    }

    private static StorageResult<HubModel> Read(JsonElement root, string repo, int maxFiles)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return StorageResult<HubModel>.Defer($"The Hub's model API answered a non-object for {repo}.");
        }

        var sha = root.TryGetProperty("sha", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : null;
        if (sha is null || !HuggingFaceStorage.Revisions.Matches(sha))
        {
            return StorageResult<HubModel>.Defer($"The Hub's model API gave no 40-hex commit sha for {repo}.");
        }

        var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : repo;
        var gated = "false";
        if (root.TryGetProperty("gated", out var g))
        {
            gated = g.ValueKind switch
            {
                JsonValueKind.False or JsonValueKind.Null => "false",
                JsonValueKind.String => g.GetString()!,
                _ => "true",
            };
        }

        var files = new List<HubFile>();
        if (root.TryGetProperty("siblings", out var siblings) && siblings.ValueKind == JsonValueKind.Array)
        {
            if (siblings.GetArrayLength() > maxFiles)
            {
                return StorageResult<HubModel>.Gone($"{repo} lists {siblings.GetArrayLength()} files; at most {maxFiles} are accepted.", "too-many-files");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sibling in siblings.EnumerateArray())
            {
                var file = ReadSibling(sibling, repo);
                if (!file.IsOk)
                {
                    return file.Select<HubModel>(_ => null!);
                }

                var value = file.AsT0;
                if (!seen.Add(value.Path))
                {
                    return StorageResult<HubModel>.Gone($"{repo} lists the file '{value.Path}' twice.", UnsafePath);
                }

                files.Add(value);
            }
        }

        return new HubModel(
            id,
            sha,
            Bool(root, "private"),
            gated,
            Bool(root, "disabled"),
            root.TryGetProperty("lastModified", out var lm) && lm.ValueKind == JsonValueKind.String ? lm.GetString() : null,
            files);
    }

    private static StorageResult<HubFile> ReadSibling(JsonElement sibling, string repo)
    {
        if (sibling.ValueKind != JsonValueKind.Object || !sibling.TryGetProperty("rfilename", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return StorageResult<HubFile>.Defer($"The Hub listed a file of {repo} without an rfilename.");
        }

        var name = nameElement.GetString()!;
        if (!RepoPaths.IsSafeRelativePath(name))
        {
            return StorageResult<HubFile>.Gone($"{repo} contains a file named '{RepoPaths.Printable(name)}', which is not a safe relative path; rename it.", UnsafePath);
        }

        if (!sibling.TryGetProperty("size", out var sizeElement) || !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            return StorageResult<HubFile>.Defer($"The Hub gave no size for '{name}' of {repo} (is ?blobs=true supported by the endpoint?).");
        }

        var blobId = sibling.TryGetProperty("blobId", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        if (blobId is not null && !RepoPaths.IsHex(blobId, 40))
        {
            return StorageResult<HubFile>.Defer($"The Hub gave a malformed blobId for '{name}' of {repo}.");
        }

        string? sha256 = null;
        if (sibling.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object)
        {
            sha256 = lfs.TryGetProperty("sha256", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            if (sha256 is null || !RepoPaths.IsHex(sha256, 64))
            {
                return StorageResult<HubFile>.Defer($"The Hub gave a malformed LFS sha256 for '{name}' of {repo}.");
            }

            if (lfs.TryGetProperty("size", out var lfsSize) && lfsSize.TryGetInt64(out var ls) && ls != size)
            {
                return StorageResult<HubFile>.Defer($"The Hub gave two different sizes ({size} and {ls}) for '{name}' of {repo}.");
            }
        }

        return new HubFile(name, size, blobId, sha256);
    }

    private static bool Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tournament.Storage.HuggingFace.Tests.Server;

public sealed partial class FakeHub
{
    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var isCdn = context.Connection.LocalPort == Cdn.Port;
        var role = isCdn ? HubRole.Cdn : path.StartsWith("/api/models/", StringComparison.Ordinal) ? HubRole.Api : HubRole.Resolve;
        Requests.Enqueue(new RequestRecord(role, path, context.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null, context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null));

        if (TakeFault(role, path, FaultKind.Status) is { } status)
        {
            if (status.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = status.RetryAfter;
            }

            context.Response.StatusCode = status.Status;
            return;
        }

        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (isCdn && segments.Length >= 5 && segments[0] == "lfs")
        {
            await ServeFileAsync(context, HubRole.Cdn, path, FilePath(segments[1] + "/" + segments[2], segments[3], string.Join('/', segments[4..]))).ConfigureAwait(false);
        }
        else if (role == HubRole.Api && segments.Length >= 4)
        {
            await ServeApiAsync(context, segments).ConfigureAwait(false);
        }
        else if (!isCdn && segments.Length >= 5 && segments[2] == "resolve")
        {
            await ServeResolveAsync(context, segments).ConfigureAwait(false);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private async Task ServeApiAsync(HttpContext context, string[] segments)
    {
        var repo = segments[2] + "/" + segments[3];
        var revision = segments.Length >= 6 && segments[4] == "revision" ? string.Join('/', segments[5..]) : "main";
        if (TakeFault(HubRole.Api, context.Request.Path.Value!, FaultKind.Body) is { } body)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.Body!).ConfigureAwait(false);
            return;
        }

        if (Authorize(context, repo, forDownload: false) is false || ResolveSha(repo, revision) is not { } sha)
        {
            context.Response.StatusCode = Authorize(context, repo, forDownload: false) ? 404 : 401;
            return;
        }

        var flags = Flags(repo);
        var dir = Path.Combine(Root, repo, "revisions", sha);
        var siblings = new JsonArray();
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            var (sha256, blobId) = Hashes(file);
            var size = new FileInfo(file).Length;
            var entry = new JsonObject { ["rfilename"] = relative, ["size"] = size, ["blobId"] = blobId };
            if (IsLfs(relative, size))
            {
                entry["lfs"] = new JsonObject { ["sha256"] = sha256, ["size"] = size, ["pointerSize"] = 134 };
            }

            siblings.Add(entry);
        }

        var json = new JsonObject
        {
            ["_id"] = "0123456789abcdef01234567",
            ["id"] = repo,
            ["sha"] = sha,
            ["private"] = flags?["private"]?.GetValue<bool>() ?? false,
            ["gated"] = flags?["gated"]?.DeepClone() ?? false,
            ["disabled"] = flags?["disabled"]?.GetValue<bool>() ?? false,
            ["lastModified"] = "2026-01-01T00:00:00.000Z",
            ["siblings"] = siblings,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json.ToJsonString()).ConfigureAwait(false);
    }

    private async Task ServeResolveAsync(HttpContext context, string[] segments)
    {
        var repo = segments[0] + "/" + segments[1];
        var relative = string.Join('/', segments[4..]);
        if (!Authorize(context, repo, forDownload: true))
        {
            context.Response.StatusCode = Flags(repo)?["private"]?.GetValue<bool>() == true ? 401 : 403;
            return;
        }

        if (ResolveSha(repo, segments[3]) is not { } sha || FilePath(repo, sha, relative) is not { } file)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var (sha256, blobId) = Hashes(file);
        var size = new FileInfo(file).Length;
        context.Response.Headers["X-Repo-Commit"] = sha;
        if (IsLfs(relative, size))
        {
            context.Response.Headers["X-Linked-Etag"] = $"\"{sha256}\"";
            context.Response.Headers["X-Linked-Size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers.ETag = $"\"{sha256}\"";
            context.Response.Headers.Location = new Uri(Cdn, $"lfs/{repo}/{sha}/{string.Join('/', segments[4..].Select(Uri.EscapeDataString))}").ToString();
            context.Response.StatusCode = 302;
            return;
        }

        context.Response.Headers.ETag = $"\"{blobId}\"";
        await ServeFileAsync(context, HubRole.Resolve, context.Request.Path.Value!, file).ConfigureAwait(false);
    }

    private async Task ServeFileAsync(HttpContext context, HubRole role, string requestPath, string? file)
    {
        if (file is null || !File.Exists(file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var size = new FileInfo(file).Length;
        long from = 0, to = size - 1;
        context.Response.Headers.AcceptRanges = "bytes";
        if (ParseRange(context.Request.Headers.Range.ToString()) is { } range)
        {
            from = range.From;
            to = Math.Min(range.To ?? size - 1, size - 1);
            if (from >= size || from > to)
            {
                context.Response.StatusCode = 416;
                context.Response.Headers.ContentRange = $"bytes */{size}";
                return;
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{to}/{size}";
        }

        var count = to - from + 1;
        var fault = TakeFault(role, requestPath, FaultKind.DropAfter, FaultKind.Corrupt, FaultKind.ExtraBytes);
        if (fault is null)
        {
            context.Response.ContentLength = count;
            Interlocked.Add(ref bodyBytes, count);
            await context.Response.SendFileAsync(file, from, count).ConfigureAwait(false);
            return;
        }

        var bytes = new byte[count];
        await using (var input = File.OpenRead(file))
        {
            input.Position = from;
            await input.ReadExactlyAsync(bytes).ConfigureAwait(false);
        }

        switch (fault.Kind)
        {
            case FaultKind.DropAfter:
                context.Response.ContentLength = count;
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, (int)Math.Min(fault.Bytes, count))).ConfigureAwait(false);
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
                Interlocked.Add(ref bodyBytes, Math.Min(fault.Bytes, count));

                // Let the bytes reach the client before the reset (a TCP RST discards data still unread on the other side).
                await Task.Delay(500).ConfigureAwait(false);
                context.Abort();
                return;
            case FaultKind.Corrupt:
                bytes[bytes.Length / 2] ^= 0x5a;
                break;
            case FaultKind.ExtraBytes:
                bytes = [.. bytes, .. new byte[fault.Bytes]];
                break;
        }

        context.Response.ContentLength = bytes.Length;
        Interlocked.Add(ref bodyBytes, bytes.Length);
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static (long From, long? To)? ParseRange(string header)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var parts = header[6..].Split('-');
        return parts.Length == 2 && long.TryParse(parts[0], out var from)
            ? (from, parts[1].Length == 0 ? null : long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    private bool Authorize(HttpContext context, string repo, bool forDownload)
    {
        var flags = Flags(repo);
        var isPrivate = flags?["private"]?.GetValue<bool>() == true;
        var gated = flags?["gated"] is { } g && g.GetValueKind() == JsonValueKind.String;
        var authorized = AcceptedToken is not null && context.Request.Headers.Authorization.ToString() == "Bearer " + AcceptedToken;
        return authorized || (!isPrivate && !(gated && forDownload));
    }

    private JsonNode? Flags(string repo)
    {
        var path = Path.Combine(Root, repo, "repo.json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
    }

    private string? ResolveSha(string repo, string revision)
    {
        if (revision.Length == 40 && Directory.Exists(Path.Combine(Root, repo, "revisions", revision)))
        {
            return revision;
        }

        var refPath = Path.Combine(Root, repo, "refs", revision);
        return !revision.Contains("..", StringComparison.Ordinal) && File.Exists(refPath) ? File.ReadAllText(refPath).Trim() : null;
    }

    private string? FilePath(string repo, string sha, string relative)
    {
        var dir = Path.GetFullPath(Path.Combine(Root, repo, "revisions", sha));
        var full = Path.GetFullPath(Path.Combine(dir, relative));
        return full.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private static bool IsLfs(string path, long size) =>
        path.EndsWith(".safetensors", StringComparison.Ordinal) || path.EndsWith(".bin", StringComparison.Ordinal) || size >= 1 << 20;

    private (string Sha256, string BlobId) Hashes(string file) => hashes.GetOrAdd(file, static f =>
    {
        using var stream = File.OpenRead(f);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Position = 0;
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            sha1.AppendData(buffer, 0, read);
        }

        return (sha256, Convert.ToHexStringLower(sha1.GetHashAndReset()));
    });
}

using System.Net;
using System.Security.Cryptography;

namespace Tournament.Plugins.Storage.Hippius.Registry;

/// <summary>
/// A blob download in progress across attempts: the bytes written to <see cref="Path"/> so far and the running SHA-256
/// over exactly those bytes, so a resumed transfer is still verified over the whole file.
/// </summary>
internal sealed class PartialBlob(string path) : IDisposable
{
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string Path => path;

    public long Written { get; private set; }

    /// <summary>True when the registry said it accepts byte ranges (set by the first full response).</summary>
    public bool CanResume { get; set; }

    /// <summary>True once a ranged response was appended (a hash mismatch then earns one whole download, not a verdict).</summary>
    public bool Resumed { get; private set; }

    /// <summary>Cuts the file back to <see cref="Written"/> (bytes a failed write left behind) before appending.</summary>
    public void PrepareResume()
    {
        using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None))
        {
            file.SetLength(Written);
        }

        Resumed = true;
    }

    /// <summary>True when a ranged response continues exactly at <see cref="Written"/> up to the end of the blob.</summary>
    public bool Continues(HttpResponseMessage response, long size) =>
        response.StatusCode == HttpStatusCode.PartialContent
        && response.Content.Headers.ContentRange is { Unit: "bytes", From: { } from, To: { } to, Length: { } length }
        && from == Written && to == size - 1 && length == size;

    public void Appended(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        Written += bytes.Length;
    }

    /// <summary>Forgets what was written: an empty file and a fresh hash.</summary>
    public void Restart()
    {
        File.Delete(path);
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Written = 0;
        Resumed = false;
    }

    /// <summary>The SHA-256 of everything written (call once, at the end).</summary>
    public byte[] Hash() => _hash.GetHashAndReset();

    public void Dispose() => _hash.Dispose();
}

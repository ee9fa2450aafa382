using System.Text;

namespace Tournament.Plugins.AlbedoDuel.Commands;

/// <summary>The one bounded whole-file read of the plugin's commands (<c>inspect-reply</c>'s reply, <c>verify</c>'s trace files).</summary>
internal static class BoundedFile
{
    /// <summary>UTF-8 that throws on invalid bytes instead of replacing them.</summary>
    public static UTF8Encoding StrictUtf8 { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's bytes, or null when it is longer than <paramref name="maxBytes"/> (nothing is read then).</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest file read.</param>
    /// <param name="length">The file's length.</param>
    /// <exception cref="IOException">The file is missing or cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Access denied, or the path is a folder.</exception>
    public static byte[]? Read(string path, long maxBytes, out long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        length = stream.Length;
        if (length > maxBytes)
        {
            return null;
        }

        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>Reads a response body into memory, refusing more than a bound.</summary>
internal static class BoundedRead
{
    /// <summary>Reads at most <paramref name="max"/> bytes; returns null when the body is longer.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long max, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > max)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes after skipping <paramref name="skip"/>; null when the body is shorter.</summary>
    public static async Task<byte[]?> ReadExactAsync(HttpContent content, long skip, int count, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var scratch = new byte[Math.Min(81920, Math.Max(count, 1))];
            while (skip > 0)
            {
                var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                skip -= read;
            }

            var result = new byte[count];
            var total = 0;
            while (total < count)
            {
                var read = await stream.ReadAsync(result.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                total += read;
            }

            return result;
        }
    }
}

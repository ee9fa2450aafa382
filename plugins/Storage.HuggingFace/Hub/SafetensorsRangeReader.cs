using System.Net;
using System.Net.Http.Headers;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// Reads a safetensors header with two Range requests (bytes 0-7, then the JSON), never the weights, and checks the
/// header's implied file length against the size the model API reported.
/// </summary>
internal sealed class SafetensorsRangeReader(HubClient client, HuggingFaceOptions options)
{
    public const string InvalidSafetensors = "invalid-safetensors";

    public async Task<StorageResult<SafetensorsHeader>> ReadAsync(ModelRef model, HubFile file, CancellationToken cancellationToken)
    {
        var what = $"'{file.Path}' of {model}";
        var url = client.ResolveUri(model.Repo, model.Revision, file.Path);
        var prefix = await RangeAsync(url, 0, 8, file.Size, what, cancellationToken).ConfigureAwait(false);
        if (!prefix.IsOk)
        {
            return prefix.Select<SafetensorsHeader>(_ => null!);
        }

        try
        {
            var n = SafetensorsHeader.ReadHeaderLength(prefix.AsT0, file.Size, what);
            if (n > options.MaxHeaderBytes)
            {
                return StorageResult<SafetensorsHeader>.Gone($"{what} declares a {n}-byte safetensors header; at most {options.MaxHeaderBytes} bytes are read.", InvalidSafetensors);
            }

            var json = await RangeAsync(url, 8, (int)n, file.Size, what, cancellationToken).ConfigureAwait(false);
            if (!json.IsOk)
            {
                return json.Select<SafetensorsHeader>(_ => null!);
            }

            var bytes = new byte[8 + n];
            prefix.AsT0.CopyTo(bytes, 0);
            json.AsT0.CopyTo(bytes, 8);
            return SafetensorsHeader.Parse(bytes, file.Size, what);
        }
        catch (SafetensorsFormatException ex)
        {
            return StorageResult<SafetensorsHeader>.Gone(ex.Message, InvalidSafetensors);
        }
    }

    private async Task<StorageResult<byte[]>> RangeAsync(Uri url, long start, int count, long fileSize, string what, CancellationToken cancellationToken)
    {
        if (start + count > fileSize)
        {
            return StorageResult<byte[]>.Gone($"{what} is {fileSize} bytes long, too short for its safetensors header.", InvalidSafetensors);
        }

        var sent = await client.GetAsync(url, new RangeHeaderValue(start, start + count - 1), $"the header of {what}", cancellationToken).ConfigureAwait(false);
        if (!sent.IsOk)
        {
            return sent.Select(_ => Array.Empty<byte>());
        }

        using var response = sent.AsT0;
        var message = response.Message;
        long skip = 0;
        if (message.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = message.Content.Headers.ContentRange;
            if (range?.From != start || range.To != start + count - 1 || (range.Length is { } total && total != fileSize))
            {
                return StorageResult<byte[]>.Defer($"The server answered a different range ({range}) than asked for the header of {what}, or a different size than the model API ({fileSize} bytes).");
            }
        }
        else
        {
            // The server ignored Range: read just the prefix we need, then drop the connection.
            skip = start;
            if (message.Content.Headers.ContentLength is { } length && length != fileSize)
            {
                return StorageResult<byte[]>.Defer($"The server sent {length} bytes for {what}, which the model API lists as {fileSize} bytes.");
            }
        }

        try
        {
            var bytes = await BoundedRead.ReadExactAsync(message.Content, skip, count, cancellationToken).ConfigureAwait(false);
            return bytes is null
                ? StorageResult<byte[]>.Defer($"The server ended the header of {what} early.")
                : bytes;
        }
        catch (Exception ex) when (HubClient.IsTransport(ex, cancellationToken))
        {
            return StorageResult<byte[]>.Defer($"Reading the header of {what} failed ({HubClient.Describe(ex)}).");
        }
    }
}

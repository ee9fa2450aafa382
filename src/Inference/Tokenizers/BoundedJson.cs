using System.Text.Json;

namespace Tournament.Inference.Tokenizers;

/// <summary>Reads a JSON file with a size bound and a depth bound, turning every failure into a sentence naming the file.</summary>
internal static class BoundedJson
{
    public static JsonDocument Read(string path, long maxBytes, int maxDepth)
    {
        FileInfo info = new(path);
        if (!info.Exists)
        {
            throw new TokenizerFormatException(path, "(file)", $"the file '{path}' does not exist; point --tokenizer at a tokenizer.json or the folder holding it.");
        }

        if (info.Length > maxBytes)
        {
            throw new TokenizerFormatException(path, "(file)", $"the file is {info.Length:N0} bytes, over the {maxBytes:N0}-byte limit; this is not a plausible tokenizer file.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new TokenizerFormatException(path, "(file)", $"could not be read ({ex.Message}).", ex);
        }

        if (bytes.LongLength > maxBytes)
        {
            throw new TokenizerFormatException(path, "(file)", $"the file grew past the {maxBytes:N0}-byte limit while being read.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new TokenizerFormatException(path, "(file)", "is not valid UTF-8; the file is corrupt — download it again.");
        }

        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException(path, $"(json, line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", $"is not valid JSON or nests deeper than {maxDepth} levels ({ex.Message.Split('.')[0]}); the file is malformed or truncated — download it again.", ex);
        }
    }
}

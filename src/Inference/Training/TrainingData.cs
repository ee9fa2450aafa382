using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Inference.Training;

/// <summary>
/// Reads training files, one JSON value per line (blank lines skipped), bounded in line length, line count and nesting:
/// conversations (<c>[{"role":"user","content":"…"}, …]</c>) and teacher files for distillation
/// (<c>{"prompt_ids":[…],"completion_ids":[…],"top_ids":[[…]…],"top_logprobs":[[…]…]}</c>, one top-k row per completion
/// token). Every error is one sentence naming the file and line.
/// </summary>
public static class TrainingData
{
    /// <summary>The longest line read, in characters.</summary>
    public const int MaxLineLength = 4 << 20;

    /// <summary>The most lines read.</summary>
    public const int MaxLines = 1_000_000;

    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 8 };

    /// <summary>Reads a conversations JSONL file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">A line is not a conversation.</exception>
    public static List<IReadOnlyList<ChatMessage>> ReadConversations(string path) => ReadLines(path, root =>
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
        {
            throw new FormatException("is not a non-empty JSON array of messages");
        }

        return (IReadOnlyList<ChatMessage>)[.. root.EnumerateArray().Select(m =>
            m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
            && m.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                ? new ChatMessage(role.GetString()!, content.GetString()!)
                : throw new FormatException("has a message without string \"role\" and \"content\""))];
    });

    /// <summary>Reads a teacher top-k JSONL file into distillation examples.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">A line is not a teacher record.</exception>
    public static List<TrainingExample> ReadTeacher(string path) => ReadLines(path, root =>
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("is not a JSON object");
        }

        var prompt = Longs(Field(root, "prompt_ids"));
        var completion = Longs(Field(root, "completion_ids"));
        var topIds = Field(root, "top_ids").EnumerateArray().Select(Longs).ToArray();
        var topLps = Field(root, "top_logprobs").EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetSingle() : throw new FormatException("has a non-number log-prob")).ToArray()
            : throw new FormatException("has a \"top_logprobs\" row that is not an array")).ToArray();
        if (prompt.Length == 0 || completion.Length == 0 || topIds.Length != completion.Length || topLps.Length != completion.Length)
        {
            throw new FormatException("needs non-empty prompt_ids and completion_ids and one top_ids and top_logprobs row per completion token");
        }

        long[] ids = [.. prompt, .. completion];
        var mask = new bool[ids.Length];
        return new TrainingExample(ids, mask) { Teacher = new TeacherTargets(prompt.Length, topIds, topLps) };
    });

    private static JsonElement Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v : throw new FormatException($"has no \"{name}\" array");

    private static long[] Longs(JsonElement array) => array.ValueKind == JsonValueKind.Array
        ? [.. array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var id) ? id : throw new FormatException("has a token id that is not an integer"))]
        : throw new FormatException("has an id row that is not an array");

    private static List<T> ReadLines<T>(string path, Func<JsonElement, T> parse)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var result = new List<T>();
        using var reader = new StreamReader(path);
        var buffer = new char[MaxLineLength + 1];
        for (var line = 1; ; line++)
        {
            var text = ReadLine(reader, buffer, path, line);
            if (text is null)
            {
                return result;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (result.Count == MaxLines)
            {
                throw new InvalidDataException($"'{path}' has more than {MaxLines} records.");
            }

            try
            {
                using var doc = JsonDocument.Parse(text, Json);
                result.Add(parse(doc.RootElement));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                var why = ex is FormatException ? ex.Message : "is not valid JSON";
                throw new InvalidDataException($"Line {line} of '{path}' {why}.", ex);
            }
        }
    }

    private static string? ReadLine(StreamReader reader, char[] buffer, string path, int line)
    {
        var n = 0;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                return n == 0 ? null : new string(buffer, 0, n);
            }

            if (c == '\n')
            {
                return new string(buffer, 0, n).TrimEnd('\r');
            }

            if (n == MaxLineLength)
            {
                throw new InvalidDataException($"Line {line} of '{path}' is longer than {MaxLineLength} characters.");
            }

            buffer[n++] = (char)c;
        }
    }
}

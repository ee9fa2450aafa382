using System.Text;
using System.Text.Json;
using Tournament.Plugins.AlbedoDuel.Commands;

namespace Tournament.Plugins.AlbedoDuel.Traces;

/// <summary>A trace folder that cannot be read as a duel's traces (missing, oversized, truncated or malformed file); one sentence.</summary>
internal sealed class TraceFormatException(string message) : Exception(message);

/// <summary>
/// The five trace files of one duel, read with bounds: each file at most <see cref="MaxFileBytes"/>, each line at
/// most <see cref="MaxLineBytes"/>, strict UTF-8, strict JSON (unknown keys, missing keys and nulls where a value is
/// required are refused), at most <see cref="MaxSamples"/> samples and <see cref="MaxJudgeLines"/> judge calls.
/// </summary>
internal sealed record TraceSet(DuelFile Duel, VerdictFile Verdict, IReadOnlyList<ResponseLine> King, IReadOnlyList<ResponseLine> Challenger, IReadOnlyList<JudgeLine> Judges)
{
    public const long MaxFileBytes = 512L << 20;
    public const int MaxLineBytes = 32 << 20;
    public const int MaxSamples = 512;
    public const int MaxJudgeLines = MaxSamples * 64 * 10;

    public static TraceSet Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new TraceFormatException($"The trace folder '{folder}' does not exist.");
        }

        return new TraceSet(
            Document<DuelFile>(folder, DuelIdentity.Duel),
            Document<VerdictFile>(folder, DuelIdentity.Verdict),
            Lines<ResponseLine>(folder, DuelIdentity.KingResponses, MaxSamples),
            Lines<ResponseLine>(folder, DuelIdentity.ChallengerResponses, MaxSamples),
            Lines<JudgeLine>(folder, DuelIdentity.JudgeRaw, MaxJudgeLines));
    }

    private static T Document<T>(string folder, string name)
    {
        var bytes = ReadFile(folder, name);
        return Parse<T>(bytes, name, null);
    }

    private static List<T> Lines<T>(string folder, string name, int maxLines)
    {
        var bytes = ReadFile(folder, name);
        if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
        {
            throw new TraceFormatException($"{name} does not end with a newline; the file is truncated.");
        }

        var lines = new List<T>();
        var span = bytes.AsSpan();
        var number = 0;
        while (!span.IsEmpty)
        {
            number++;
            var end = span.IndexOf((byte)'\n');
            if (end > MaxLineBytes)
            {
                throw new TraceFormatException($"{name} line {number} is longer than {MaxLineBytes} bytes.");
            }

            if (lines.Count == maxLines)
            {
                throw new TraceFormatException($"{name} has more than {maxLines} lines.");
            }

            lines.Add(Parse<T>(span[..end].ToArray(), name, number));
            span = span[(end + 1)..];
        }

        return lines;
    }

    private static T Parse<T>(byte[] bytes, string name, int? line)
    {
        var where = line is { } n ? $"{name} line {n}" : name;
        try
        {
            _ = BoundedFile.StrictUtf8.GetCharCount(bytes);
            return JsonSerializer.Deserialize<T>(bytes, TraceJson.Options) ?? throw new TraceFormatException($"{where} is null, not a trace record.");
        }
        catch (DecoderFallbackException)
        {
            throw new TraceFormatException($"{where} is not UTF-8 text.");
        }
        catch (JsonException ex)
        {
            throw new TraceFormatException($"{where} is not a valid trace record: {ex.Message}");
        }
    }

    private static byte[] ReadFile(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        try
        {
            return BoundedFile.Read(path, MaxFileBytes, out var length)
                ?? throw new TraceFormatException($"{name} is {length} bytes, over the {MaxFileBytes}-byte limit.");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraceFormatException($"The trace folder has no {name}; a duel's traces are {DuelIdentity.KingResponses}, {DuelIdentity.ChallengerResponses}, {DuelIdentity.JudgeRaw}, {DuelIdentity.Duel} and {DuelIdentity.Verdict}.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TraceFormatException($"{name} cannot be read: {ex.Message}");
        }
    }
}

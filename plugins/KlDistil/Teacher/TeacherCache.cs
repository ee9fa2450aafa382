using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>
/// Teacher outputs on disk, one compact binary file per key (<c>{key}.kltc</c>), written to a temporary file and
/// moved into place, closed by a SHA-256 of its content. A file that does not read back exactly (truncated, corrupt,
/// other version) is a miss, logged as a warning; a failed write leaves no temporary file behind.
/// </summary>
internal sealed partial class TeacherCache(string directory, ILogger logger)
{
    private const int Magic = 0x43544C4B; // "KLTC"
    private const int Version = 2; // 2: a SHA-256 of everything before it closes the file
    private const int HashBytes = 32;
    private const int MaxItems = 1 << 24;

    public string PathOf(string key) => Path.Combine(directory, key + ".kltc");

    public TeacherOutput? TryRead(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var body = stream.Length - HashBytes;
            if (body < 8 || !HashMatches(stream, body))
            {
                throw new InvalidDataException("checksum mismatch (truncated or corrupt)");
            }

            stream.Position = 0;
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version || reader.ReadString() != key)
            {
                throw new InvalidDataException("header mismatch");
            }

            var vocab = reader.ReadInt32();
            var kept = new TeacherContinuation[Count(reader)];
            for (var i = 0; i < kept.Length; i++)
            {
                var id = reader.ReadString();
                var prompt = Ints(reader);
                var continuation = Ints(reader);
                var topIds = new int[continuation.Length][];
                var topLogProbs = new float[continuation.Length][];
                for (var p = 0; p < continuation.Length; p++)
                {
                    topIds[p] = Ints(reader);
                    topLogProbs[p] = Floats(reader);
                }

                kept[i] = new TeacherContinuation(id, prompt, continuation, topIds, topLogProbs);
            }

            var dropped = new DroppedPrompt[Count(reader)];
            for (var i = 0; i < dropped.Length; i++)
            {
                dropped[i] = new DroppedPrompt(reader.ReadString(), reader.ReadString());
            }

            if (reader.BaseStream.Position != body)
            {
                throw new InvalidDataException("trailing bytes");
            }

            return new TeacherOutput(kept, dropped, vocab);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or OverflowException or FormatException)
        {
            LogUnreadableCache(logger, path, ex.Message);
            return null;
        }
    }

    public void Write(string key, TeacherOutput output)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(key);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            WriteFile(temp, key, output);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // A full disk must not also keep a half-written file that eats the rest of it.
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes temporary files an interrupted write left behind (start-up); a file written in the last minute may be another writer's and is kept.</summary>
    public int DeleteStaleTemporaryFiles(DateTimeOffset now)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.kltc.*.tmp"))
        {
            if (now - File.GetLastWriteTimeUtc(file) > TimeSpan.FromMinutes(1) && TryDelete(file))
            {
                deleted++;
            }
        }

        if (deleted > 0)
        {
            LogDeletedTemporaries(logger, deleted, directory);
        }

        return deleted;
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool HashMatches(Stream stream, long body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (long left = body; left > 0;)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read <= 0)
            {
                return false;
            }

            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        Span<byte> stored = stackalloc byte[HashBytes];
        stream.ReadExactly(stored);
        return hash.GetHashAndReset().AsSpan().SequenceEqual(stored);
    }

    private static void WriteFile(string temp, string key, TeacherOutput output)
    {
        using (var writer = new BinaryWriter(File.Create(temp), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(key);
            writer.Write(output.VocabSize);
            writer.Write(output.Continuations.Count);
            foreach (var c in output.Continuations)
            {
                writer.Write(c.PromptId);
                Write(writer, c.PromptIds);
                Write(writer, c.ContinuationIds);
                for (var p = 0; p < c.ContinuationIds.Length; p++)
                {
                    Write(writer, c.TopIds[p]);
                    writer.Write(c.TopLogProbs[p].Length);
                    foreach (var v in c.TopLogProbs[p])
                    {
                        writer.Write(v);
                    }
                }
            }

            writer.Write(output.Dropped.Count);
            foreach (var d in output.Dropped)
            {
                writer.Write(d.PromptId);
                writer.Write(d.Reason);
            }
        }

        using var stream = File.Open(temp, FileMode.Open, FileAccess.ReadWrite);
        var digest = SHA256.HashData(stream);
        stream.Write(digest);
    }

    private static void Write(BinaryWriter writer, int[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    private static int Count(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        return n is < 0 or > MaxItems ? throw new InvalidDataException($"count {n} out of range") : n;
    }

    private static int[] Ints(BinaryReader reader)
    {
        var values = new int[Count(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }

    private static float[] Floats(BinaryReader reader)
    {
        var values = new float[Count(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teacher cache file {Path} is unreadable ({Problem}); the teacher step runs again.")]
    private static partial void LogUnreadableCache(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted {Count} temporary teacher cache file(s) an interrupted run left in {Directory}.")]
    private static partial void LogDeletedTemporaries(ILogger logger, int count, string directory);
}

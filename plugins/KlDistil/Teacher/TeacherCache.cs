using System.Text;
using Microsoft.Extensions.Logging;

namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>
/// Teacher outputs on disk, one compact binary file per key (<c>{key}.kltc</c>), written to a temporary file and
/// moved into place. A file that does not read back exactly (truncated, corrupt, other version) is a miss.
/// </summary>
internal sealed class TeacherCache(string directory, ILogger logger)
{
    private const int Magic = 0x43544C4B; // "KLTC"
    private const int Version = 1;
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
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
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

            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("trailing bytes");
            }

            return new TeacherOutput(kept, dropped, vocab);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or OverflowException)
        {
            logger.LogWarning("Teacher cache file {Path} is unreadable ({Problem}); the teacher step runs again.", path, ex.Message);
            return null;
        }
    }

    public void Write(string key, TeacherOutput output)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(key);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
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

        File.Move(temp, path, overwrite: true);
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
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>Derived copies of a model folder, for anti-cheat tests: noisy, re-sharded, renamed, with an extra file.</summary>
public static class ModelDerivation
{
    /// <summary>
    /// Copies the folder, adding σ × N(0,1) noise to every floating tensor (per-tensor stream
    /// <c>StreamSeeds.Derive(seed, "noise", name)</c>, computed in float32, rounded back to the tensor's dtype). The file layout
    /// and all other files are kept.
    /// </summary>
    /// <param name="from">The source model folder.</param>
    /// <param name="to">The target folder.</param>
    /// <param name="sigma">The noise standard deviation (≥ 0, finite).</param>
    /// <param name="seed">The noise seed.</param>
    public static void AddNoise(string from, string to, double sigma, ulong seed)
    {
        if (!double.IsFinite(sigma) || sigma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The noise σ must be a finite number ≥ 0.");
        }

        using var checkpoint = SafetensorsCheckpoint.Open(from);
        PrepareEmptyTarget(to);
        CopyOtherFiles(from, to, includeIndex: true);
        foreach (var file in checkpoint.Files)
        {
            var writer = NewWriter(file.Metadata);
            foreach (var info in file.Tensors)
            {
                var source = file;
                var tensor = info;
                writer.Add(info.Name, info.DType, info.Shape, stream =>
                {
                    if (DTypeConversions.IsFloat(tensor.DType))
                    {
                        WriteNoisy(stream, source, tensor, sigma, seed);
                    }
                    else
                    {
                        CopyBytes(stream, source, tensor);
                    }
                });
            }

            writer.Write(Path.Combine(to, Path.GetFileName(file.Path)));
        }
    }

    /// <summary>
    /// Copies the folder re-sharded into <paramref name="shards"/> files <c>model-0000k-of-0000n.safetensors</c> plus
    /// <c>model.safetensors.index.json</c> (tensors in ordinal name order, split by count); one shard gives a single
    /// <c>model.safetensors</c> without index.
    /// </summary>
    /// <param name="from">The source model folder.</param>
    /// <param name="to">The target folder.</param>
    /// <param name="shards">The number of shards (1 to the tensor count).</param>
    public static void Reshard(string from, string to, int shards)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(from);
        var tensors = checkpoint.Tensors.ToArray();
        if (shards < 1 || shards > tensors.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards, $"The shard count must be between 1 and the tensor count ({tensors.Length}).");
        }

        PrepareEmptyTarget(to);
        CopyOtherFiles(from, to, includeIndex: false);
        var names = Enumerable.Range(1, shards).Select(k => shards == 1 ? "model.safetensors" : string.Create(CultureInfo.InvariantCulture, $"model-{k:D5}-of-{shards:D5}.safetensors")).ToArray();
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        long total = 0;
        for (var s = 0; s < shards; s++)
        {
            var writer = NewWriter(new Dictionary<string, string> { ["format"] = "pt" });
            for (var i = s * tensors.Length / shards; i < (s + 1) * tensors.Length / shards; i++)
            {
                var t = tensors[i];
                writer.Add(t.Name, t.Info.DType, t.Info.Shape, stream => CopyBytes(stream, t.File, t.Info));
                weightMap[t.Name] = names[s];
                total += t.Info.ByteLength;
            }

            writer.Write(Path.Combine(to, names[s]));
        }

        if (shards > 1)
        {
            WriteIndex(Path.Combine(to, ShardIndex.FileName), weightMap, total);
        }
    }

    /// <summary>
    /// Copies the folder with every safetensors file renamed (<c>weights.safetensors</c>, or
    /// <c>weights-part-k.safetensors</c> with the index rewritten); file bytes are unchanged.
    /// </summary>
    /// <param name="from">The source model folder.</param>
    /// <param name="to">The target folder.</param>
    public static void Rename(string from, string to)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(from);
        PrepareEmptyTarget(to);
        CopyOtherFiles(from, to, includeIndex: false);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < checkpoint.Files.Count; k++)
        {
            var old = Path.GetFileName(checkpoint.Files[k].Path);
            renames[old] = checkpoint.Files.Count == 1 ? "weights.safetensors" : string.Create(CultureInfo.InvariantCulture, $"weights-part-{k + 1}.safetensors");
            File.Copy(checkpoint.Files[k].Path, Path.Combine(to, renames[old]), overwrite: true);
        }

        if (checkpoint.Index is { } index)
        {
            var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, file) in index.WeightMap)
            {
                map[name] = renames[file];
            }

            WriteIndex(Path.Combine(to, ShardIndex.FileName), map, checkpoint.Tensors.Sum(t => t.Info.ByteLength));
        }
    }

    /// <summary>Copies the folder unchanged and adds (or replaces) one file, e.g. <c>modeling_evil.py</c>.</summary>
    /// <param name="from">The source model folder.</param>
    /// <param name="to">The target folder.</param>
    /// <param name="fileName">A plain file name.</param>
    /// <param name="content">The file's text.</param>
    public static void CopyWithFile(string from, string to, string fileName, string content)
    {
        if (Path.GetFileName(fileName) != fileName || fileName is "." or "..")
        {
            throw new ArgumentException($"'{fileName}' must be a plain file name.", nameof(fileName));
        }

        PrepareEmptyTarget(to);
        CopyFolder(from, to);
        File.WriteAllText(Path.Combine(to, fileName), content);
    }

    /// <summary>Copies every top-level file of a folder.</summary>
    /// <param name="from">The source folder.</param>
    /// <param name="to">The target folder.</param>
    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>Creates the target folder, refusing one that exists with files in it (a derived model must not mix with another).</summary>
    /// <param name="to">The target folder.</param>
    internal static void PrepareEmptyTarget(string to)
    {
        if (Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any())
        {
            throw new IOException($"Target folder '{to}' is not empty; choose a new folder.");
        }

        Directory.CreateDirectory(to);
    }

    private static SafetensorsWriter NewWriter(IReadOnlyDictionary<string, string> metadata)
    {
        var writer = new SafetensorsWriter();
        foreach (var (k, v) in metadata)
        {
            writer.SetMetadata(k, v);
        }

        return writer;
    }

    private static void CopyOtherFiles(string from, string to, bool includeIndex)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".safetensors", StringComparison.Ordinal) || (!includeIndex && name == ShardIndex.FileName))
            {
                continue;
            }

            File.Copy(file, Path.Combine(to, name), overwrite: true);
        }
    }

    private static void CopyBytes(Stream stream, SafetensorsFile file, SafetensorsTensorInfo info)
    {
        for (long offset = 0; offset < info.ByteLength; offset += 1 << 24)
        {
            stream.Write(file.GetBytes(info, offset, (int)Math.Min(1 << 24, info.ByteLength - offset)));
        }
    }

    private static void WriteNoisy(Stream stream, SafetensorsFile file, SafetensorsTensorInfo info, double sigma, ulong seed)
    {
        var random = new SplitMix64(StreamSeeds.Derive(seed, "noise", info.Name));
        var size = SafetensorsDTypes.SizeOf(info.DType);
        var values = new float[1 << 16];
        var bytes = new byte[values.Length * size];
        for (long start = 0; start < info.ElementCount; start += values.Length)
        {
            var count = (int)Math.Min(values.Length, info.ElementCount - start);
            var span = values.AsSpan(0, count);
            DTypeConversions.ToFloat32(file.GetBytes(info, start * size, count * size), info.DType, span);
            for (var i = 0; i < count; i++)
            {
                span[i] += (float)(sigma * random.NextNormal());
            }

            DTypeConversions.FromFloat32(span, info.DType, bytes.AsSpan(0, count * size));
            stream.Write(bytes, 0, count * size);
        }
    }

    private static void WriteIndex(string path, SortedDictionary<string, string> weightMap, long totalSize)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteNumber("total_size", totalSize);
            w.WriteEndObject();
            w.WriteStartObject("weight_map");
            foreach (var (name, file) in weightMap)
            {
                w.WriteString(name, file);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        File.WriteAllBytes(path, buffer.ToArray());
    }
}

using Tournament.Abstractions;

namespace Tournament.Inference.Safetensors;

/// <summary>One tensor of a checkpoint and the shard that holds it.</summary>
/// <param name="Info">The header entry.</param>
/// <param name="File">The shard.</param>
public sealed record CheckpointTensor(SafetensorsTensorInfo Info, SafetensorsFile File)
{
    /// <summary>The tensor name.</summary>
    public string Name => Info.Name;
}

/// <summary>
/// A model folder's weights: one <c>*.safetensors</c> file, or shards listed by <c>model.safetensors.index.json</c>.
/// Sharded checkpoints are checked: every referenced shard present, every tensor in exactly one shard and in the
/// shard the index names, no <c>*.safetensors</c> file the index does not reference.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    private readonly Dictionary<string, CheckpointTensor> _tensors;

    private SafetensorsCheckpoint(string folder, IReadOnlyList<SafetensorsFile> files, Dictionary<string, CheckpointTensor> tensors, ShardIndex? index)
    {
        Folder = folder;
        Files = files;
        _tensors = tensors;
        Index = index;
        Names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>The open files (shards in file-name order).</summary>
    public IReadOnlyList<SafetensorsFile> Files { get; }

    /// <summary>The shard index, when the checkpoint is sharded.</summary>
    public ShardIndex? Index { get; }

    /// <summary>All tensor names in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The tensors in ordinal name order.</summary>
    public IEnumerable<CheckpointTensor> Tensors => Names.Select(n => _tensors[n]);

    /// <summary>The total element count.</summary>
    public long ParameterCount => _tensors.Values.Aggregate(0L, (a, t) => checked(a + t.Info.ElementCount));

    /// <summary>Opens a model folder's weights.</summary>
    /// <param name="folder">The model folder.</param>
    public static SafetensorsCheckpoint Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new CheckpointException($"Model folder '{folder}' does not exist.");
        }

        var present = Directory.EnumerateFiles(folder, "*.safetensors", SearchOption.TopDirectoryOnly)
            .Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var indexPath = System.IO.Path.Combine(folder, ShardIndex.FileName);
        return File.Exists(indexPath) ? OpenSharded(folder, indexPath, present) : OpenSingle(folder, present);
    }

    /// <summary>True when the checkpoint holds the tensor.</summary>
    /// <param name="name">The tensor name.</param>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>A tensor and its shard.</summary>
    /// <param name="name">The tensor name.</param>
    public CheckpointTensor Get(string name) =>
        _tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"{Folder}: the checkpoint has no tensor named '{name}'.");

    /// <summary>The tensor's header entry.</summary>
    /// <param name="name">The tensor name.</param>
    public SafetensorsTensorInfo GetInfo(string name) => Get(name).Info;

    /// <summary>The tensor's raw bytes, zero-copy (tensors under 2 GiB).</summary>
    /// <param name="name">The tensor name.</param>
    public ReadOnlySpan<byte> GetBytes(string name) => Get(name).File.GetBytes(name);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in Files)
        {
            file.Dispose();
        }
    }

    private static SafetensorsCheckpoint OpenSingle(string folder, List<string> present)
    {
        if (present.Count == 0)
        {
            throw new CheckpointException($"{folder}: no *.safetensors file; the model must ship its weights as safetensors.");
        }

        if (present.Count > 1)
        {
            throw new CheckpointException($"{folder}: {present.Count} safetensors files ({string.Join(", ", present)}) but no {ShardIndex.FileName}; add the index or keep a single file.");
        }

        var file = SafetensorsFile.Open(System.IO.Path.Combine(folder, present[0]));
        var tensors = file.Tensors.ToDictionary(t => t.Name, t => new CheckpointTensor(t, file), StringComparer.Ordinal);
        return new SafetensorsCheckpoint(folder, [file], tensors, null);
    }

    private static SafetensorsCheckpoint OpenSharded(string folder, string indexPath, List<string> present)
    {
        var index = ShardIndex.Read(indexPath);
        var referenced = index.WeightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = referenced.Except(present, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new CheckpointException($"{indexPath}: shard '{missing[0]}' is referenced but not present in {folder}.");
        }

        var unreferenced = present.Except(referenced, StringComparer.Ordinal).ToList();
        if (unreferenced.Count > 0)
        {
            throw new CheckpointException($"{System.IO.Path.Combine(folder, unreferenced[0])}: this safetensors file is not referenced by {ShardIndex.FileName}; remove it or add it to the index.");
        }

        var files = new List<SafetensorsFile>();
        try
        {
            var tensors = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
            foreach (var shard in referenced)
            {
                var file = SafetensorsFile.Open(System.IO.Path.Combine(folder, shard));
                files.Add(file);
                foreach (var t in file.Tensors)
                {
                    if (tensors.TryGetValue(t.Name, out var other))
                    {
                        throw new CheckpointException($"{file.Path}: tensor '{t.Name}' is also in {other.File.Path}; each tensor must be in exactly one shard.");
                    }

                    if (!index.WeightMap.TryGetValue(t.Name, out var expected) || expected != shard)
                    {
                        throw new CheckpointException($"{file.Path}: tensor '{t.Name}' is mapped to '{expected ?? "nothing"}' by {ShardIndex.FileName}; the index and the shards disagree.");
                    }

                    tensors.Add(t.Name, new CheckpointTensor(t, file));
                }
            }

            var absent = index.WeightMap.Keys.FirstOrDefault(k => !tensors.ContainsKey(k));
            if (absent is not null)
            {
                throw new CheckpointException($"{indexPath}: tensor '{absent}' is mapped to '{index.WeightMap[absent]}' but that shard does not hold it.");
            }

            return new SafetensorsCheckpoint(folder, files, tensors, index);
        }
        catch
        {
            foreach (var f in files)
            {
                f.Dispose();
            }

            throw;
        }
    }
}

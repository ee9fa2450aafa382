using Tournament.Abstractions;

namespace Tournament.KlDistil.Tests.Fixtures;

/// <summary>
/// A test storage backend over local folders: one folder per pinned ModelRef. Headers are read from the first bytes only
/// (as an HTTP Range read would), so file-size checks are left to the caller. Counts reads so tests can prove laziness.
/// </summary>
internal sealed class FolderStorage : IStorageBackend
{
    private readonly Dictionary<ModelRef, string> _folders = [];
    private readonly HashSet<string> _private = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _movedTo = new(StringComparer.Ordinal);

    public int FetchCount { get; private set; }

    public ModelRef Add(string repo, string folder, string? revision = null)
    {
        var model = new ModelRef(repo, revision ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(repo + folder)))[..40]);
        _folders[model] = folder;
        return model;
    }

    public void MakePrivate(string repo) => _private.Add(repo);

    public void Delete(string repo) => _deleted.Add(repo);

    /// <summary>The repository's pinned revision no longer resolves as itself (history rewritten / force-pushed).</summary>
    public void MoveRevision(string repo, string newRevision) => _movedTo[repo] = newRevision;

    public bool CanResolve(ModelRef model) => true;

    public Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken)
    {
        if (_deleted.Contains(model.Repo) || !_folders.TryGetValue(model, out var folder))
        {
            return Task.FromResult(StorageResult<ModelDescription>.Gone($"{model} does not exist."));
        }

        var resolved = _movedTo.TryGetValue(model.Repo, out var moved) ? model with { Revision = moved } : model;
        return Task.FromResult(StorageResult<ModelDescription>.Ok(new ModelDescription(resolved, Files(folder), !_private.Contains(model.Repo), new Dictionary<string, string>())));
    }

    public async Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken)
    {
        if (!_folders.TryGetValue(model, out var folder))
        {
            return StorageResult<byte[]>.Gone($"{model} does not exist.");
        }

        var full = Path.Combine(folder, path);
        if (new FileInfo(full).Length > maxBytes)
        {
            return new Disqualified("file-too-large", $"{path} is larger than {maxBytes} bytes.");
        }

        return await File.ReadAllBytesAsync(full, cancellationToken);
    }

    public async Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken)
    {
        if (!_folders.TryGetValue(model, out var folder))
        {
            return StorageResult<SafetensorsHeader>.Gone($"{model} does not exist.");
        }

        await using var stream = File.OpenRead(Path.Combine(folder, path));
        return await SafetensorsHeader.ReadAsync(new PrefixOnlyStream(stream), null, path, cancellationToken);
    }

    public Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken)
    {
        FetchCount++;
        return Task.FromResult(_folders.TryGetValue(model, out var folder)
            ? StorageResult<LocalSnapshot>.Ok(new LocalSnapshot(model, folder, Files(folder)))
            : StorageResult<LocalSnapshot>.Gone($"{model} does not exist."));
    }

    private static List<ModelFile> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => new ModelFile(Path.GetRelativePath(folder, f).Replace('\\', '/'), new FileInfo(f).Length, null))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

    /// <summary>Hides the length, like a ranged HTTP body, so the header parser cannot check the file size itself.</summary>
    private sealed class PrefixOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>
/// The model's file set, from the storage description and small reads only (before the weights are downloaded):
/// file count and sizes bounded; no Python; only allowed extensions; at least one safetensors; no <c>auto_map</c>
/// (remote code) in any <c>*config.json</c> and no <c>quantization_config</c>; tensor dtypes from the headers in the
/// allowed set (F16/BF16); with several shards, the shard index references exactly the shards present. Nothing from
/// the model is ever executed.
/// </summary>
[Component(Name, Options = typeof(FilesOptions), Description = "Allowed file set and sizes; safetensors only, F16/BF16 from the headers; no remote code or quantization_config; shard index matches the shards.")]
internal sealed class FilesCheck(FilesOptions options) : IAntiCheatCheck
{
    public const string Name = "files";
    public const string RemoteCode = "files-remote-code";
    public const string DType = "files-dtype";

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = context.Description.Files;
        if (ModelMetadata.FindPython(context.Description) is { } python)
        {
            return CheckOutcome.Disqualify(RemoteCode, $"The model contains Python code ({python.Path}); custom code is never executed nor accepted, remove it.");
        }

        if (Layout(files) is { } layout)
        {
            return layout;
        }

        var stop = await ModelMetadata.FindKeyInConfigsAsync(context, "auto_map", RemoteCode, path => $"{path} has an auto_map (remote code); remove it, custom code is never executed.", cancellationToken).ConfigureAwait(false)
            ?? await ModelMetadata.FindKeyInConfigsAsync(context, "quantization_config", DType, path => $"{path} has a quantization_config; publish unquantized {string.Join("/", options.DTypes)} weights.", cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        var (headers, headerStop) = await ModelMetadata.ReadHeadersAsync(context, Name, cancellationToken).ConfigureAwait(false);
        if (headerStop is not null)
        {
            return headerStop;
        }

        foreach (var (file, header) in headers)
        {
            if (header.Tensors.FirstOrDefault(t => !options.DTypes.Contains(t.DType)) is { } bad)
            {
                return CheckOutcome.Disqualify(DType, $"Tensor '{Clip(bad.Name)}' in {file.Path} is {bad.DType}; only {string.Join("/", options.DTypes)} weights are allowed.");
            }
        }

        return await ShardsAsync(context, cancellationToken).ConfigureAwait(false);
    }

    private CheckOutcome? Layout(IReadOnlyList<ModelFile> files)
    {
        if (files.Count > options.MaxFiles)
        {
            return CheckOutcome.Disqualify(Name, $"The model has {files.Count} files; at most {options.MaxFiles} are allowed.");
        }

        if (files.FirstOrDefault(f => f.Size > options.MaxFileBytes || f.Size < 0) is { } big)
        {
            return CheckOutcome.Disqualify(Name, $"{Clip(big.Path)} is {big.Size} bytes; a file may hold at most {options.MaxFileBytes}.");
        }

        var total = files.Sum(f => (decimal)f.Size);
        if (total > options.MaxTotalBytes)
        {
            return CheckOutcome.Disqualify(Name, $"The model's files total {total} bytes; at most {options.MaxTotalBytes} are allowed.");
        }

        var stray = files.FirstOrDefault(f => !Allowed(ModelMetadata.FileName(f.Path)));
        if (stray is not null)
        {
            return CheckOutcome.Disqualify(Name, $"{Clip(stray.Path)} is not an allowed model file (allowed: {string.Join(", ", options.Extensions)}); remove it.");
        }

        return files.Any(f => ModelMetadata.IsSafetensors(f.Path))
            ? null
            : CheckOutcome.Disqualify(Name, "The model has no .safetensors file; weights must be published as safetensors.");
    }

    private bool Allowed(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0
            ? options.Names.Contains(name, StringComparer.Ordinal)
            : options.Extensions.Contains(name[dot..].ToLowerInvariant(), StringComparer.Ordinal);
    }

    private static async Task<CheckOutcome> ShardsAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var shards = context.Description.Files.Where(f => ModelMetadata.IsSafetensors(f.Path)).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        if (ModelMetadata.Find(context.Description, ShardIndex.FileName) is null)
        {
            return shards.Count == 1
                ? CheckOutcome.Pass()
                : CheckOutcome.Disqualify(Name, $"The model has {shards.Count} safetensors files but no {ShardIndex.FileName}; add the shard index.");
        }

        var read = await context.Storage.ReadFileAsync(context.Submission.Model, ShardIndex.FileName, ShardIndex.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (!read.IsOk)
        {
            return read.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d.ReasonCode == ReasonCodes.Removed ? d : new Disqualified(Name, d.Message), d => d);
        }

        ShardIndex index;
        try
        {
            index = ShardIndex.Parse(read.AsT0, ShardIndex.FileName);
        }
        catch (CheckpointException ex)
        {
            return CheckOutcome.Disqualify(Name, ex.Message);
        }

        var referenced = index.WeightMap.Values.ToHashSet(StringComparer.Ordinal);
        var missing = referenced.Where(r => !shards.Contains(r)).Order(StringComparer.Ordinal).ToList();
        var unreferenced = shards.Where(s => !referenced.Contains(s)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unreferenced.Count > 0)
        {
            return CheckOutcome.Disqualify(Name, $"{ShardIndex.FileName} does not reference exactly the shards present (missing: {List(missing)}; not referenced: {List(unreferenced)}); regenerate the index.");
        }

        return CheckOutcome.Pass();
    }

    private static string List(List<string> items) => items.Count == 0 ? "none" : string.Join(", ", items.Take(5).Select(Clip)) + (items.Count > 5 ? ", …" : "");

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

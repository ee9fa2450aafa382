using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>
/// Options of <c>header-integrity</c>: resource bounds checked from the file list and the headers, before any weight
/// is downloaded. The defaults are generous for real checkpoints: a 35B dense model has ~15-40 shards, ~1,000-3,000
/// tensors and headers of tens of KB per shard; a 30B mixture-of-experts (128 experts × 48 layers) ~19,000 tensors
/// and ~3 MB of headers in all; a config.json is a few KB (see docs/distil-mode.md).
/// </summary>
public sealed class HeaderIntegrityOptions
{
    /// <summary>Most bytes in one safetensors JSON header (default 16 MiB).</summary>
    [Range(1024, 100_000_000)]
    public long MaxHeaderBytes { get; set; } = 16L << 20;

    /// <summary>Most tensors over every safetensors file of the model (default 200,000).</summary>
    [Range(1, 10_000_000)]
    public int MaxTensors { get; set; } = 200_000;

    /// <summary>Most files of any kind in the model repository (default 2,048).</summary>
    [Range(1, 1_000_000)]
    public int MaxFiles { get; set; } = 2048;

    /// <summary>Most bytes of config.json (default 1 MiB).</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public long MaxConfigBytes { get; set; } = 1L << 20;
}

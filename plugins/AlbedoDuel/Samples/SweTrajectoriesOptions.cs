using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>Options of the <c>swe-trajectories</c> prompt source (configuration section <c>Components:swe-trajectories</c>).</summary>
public sealed class SweTrajectoriesOptions : IValidatableObject
{
    /// <summary>The pinned manifest; the shards lie beside it. Relative paths resolve against the configuration file's folder.</summary>
    [Required]
    public string ManifestPath { get; set; } = "swe-trajectories/manifest.json";

    /// <summary>SHA-256 (hex) of the manifest file; checked when loaded and before every duel.</summary>
    [Required]
    public string ManifestSha256 { get; set; } = string.Empty;

    /// <summary>Samples per duel.</summary>
    [Range(1, 512)]
    public int Count { get; set; } = 64;

    /// <summary>Only assistant turns with a turn index below this are samples.</summary>
    [Range(1, 1024)]
    public int MaxTurnIndex { get; set; } = 10;

    /// <summary>Largest shard file read, in bytes.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxShardBytes { get; set; } = 1L << 30;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ManifestSha256 is null || ManifestSha256.Length != 64 || !ManifestSha256.All(Uri.IsHexDigit))
        {
            yield return new ValidationResult("ManifestSha256 must be the 64-hex-digit SHA-256 of the manifest file.", [nameof(ManifestSha256)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Tournament.Engine.Storage;

/// <summary>Options of the <c>local</c> storage backend (configuration section <c>Components:local</c>).</summary>
internal sealed class LocalStorageOptions : IValidatableObject
{
    /// <summary>The folder of model snapshots, laid out as <c>&lt;Root&gt;/&lt;owner&gt;/&lt;name&gt;/…</c>; relative paths resolve against the configuration folder.</summary>
    [Required]
    public string? Root { get; set; }

    /// <summary>Where published artifacts go. Default: <c>&lt;DataDirectory&gt;/artifacts</c>.</summary>
    public string? ArtifactsPath { get; set; }

    /// <summary>The largest file <c>ReadFileAsync</c> returns, whatever the caller asks for.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Root is not null && string.IsNullOrWhiteSpace(Root))
        {
            yield return new ValidationResult("Root is blank; give the folder that holds <owner>/<name> snapshot folders.", [nameof(Root)]);
        }

        if (ArtifactsPath is not null && string.IsNullOrWhiteSpace(ArtifactsPath))
        {
            yield return new ValidationResult("ArtifactsPath is blank; remove it to use <DataDirectory>/artifacts, or give a folder.", [nameof(ArtifactsPath)]);
        }
    }
}

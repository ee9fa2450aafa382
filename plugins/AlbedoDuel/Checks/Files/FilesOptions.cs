using System.ComponentModel.DataAnnotations;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>Options of <c>files</c> (section <c>Components:files</c>).</summary>
public sealed class FilesOptions : IValidatableObject
{
    /// <summary>Extensions a model file may have when <see cref="AllowedExtensions"/> is empty.</summary>
    public static IReadOnlyList<string> DefaultExtensions { get; } = [".safetensors", ".json", ".jinja", ".txt", ".md", ".model", ".tiktoken", ".gitattributes"];

    /// <summary>Tensor dtypes accepted when <see cref="AllowedDTypes"/> is empty (the spec: F16/BF16 only).</summary>
    public static IReadOnlyList<SafetensorsDType> DefaultDTypes { get; } = [SafetensorsDType.F16, SafetensorsDType.BF16];

    /// <summary>Allowed file extensions (lower-case, with the dot); empty means <see cref="DefaultExtensions"/>.</summary>
    /// <remarks>Empty by default because configuration binding appends to, rather than replaces, a pre-filled list.</remarks>
    public IList<string> AllowedExtensions { get; } = new List<string>();

    /// <summary>Extension-less file names also accepted (<c>LICENSE</c>, <c>NOTICE</c> by default).</summary>
    public IList<string> AllowedNames { get; } = new List<string>();

    /// <summary>Allowed tensor dtypes, read from the safetensors headers; empty means <see cref="DefaultDTypes"/>.</summary>
    public IList<SafetensorsDType> AllowedDTypes { get; } = new List<SafetensorsDType>();

    /// <summary>The most files a model may have.</summary>
    [Range(1, 100_000)]
    public int MaxFiles { get; set; } = 256;

    /// <summary>The largest single file, in bytes.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 64L << 30;

    /// <summary>The largest total size, in bytes.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxTotalBytes { get; set; } = 256L << 30;

    /// <summary>The extensions in force.</summary>
    public IReadOnlyList<string> Extensions => AllowedExtensions.Count == 0 ? DefaultExtensions : AllowedExtensions.ToList();

    /// <summary>The extension-less names in force.</summary>
    public IReadOnlyList<string> Names => AllowedNames.Count == 0 ? ["LICENSE", "NOTICE"] : AllowedNames.ToList();

    /// <summary>The dtypes in force.</summary>
    public IReadOnlyList<SafetensorsDType> DTypes => AllowedDTypes.Count == 0 ? DefaultDTypes : AllowedDTypes.ToList();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AllowedExtensions.Any(e => e.Length < 2 || e[0] != '.' || e.Any(char.IsUpper)))
        {
            yield return new ValidationResult("AllowedExtensions must be lower-case extensions starting with '.', e.g. \".json\".", [nameof(AllowedExtensions)]);
        }

        if (AllowedExtensions.Any(e => e is ".py" or ".pyc"))
        {
            yield return new ValidationResult("AllowedExtensions must not allow Python files; custom code is never accepted.", [nameof(AllowedExtensions)]);
        }

        if (MaxFileBytes > MaxTotalBytes)
        {
            yield return new ValidationResult("MaxFileBytes must not exceed MaxTotalBytes.", [nameof(MaxFileBytes)]);
        }
    }
}

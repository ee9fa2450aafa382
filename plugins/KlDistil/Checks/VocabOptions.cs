using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Options of <c>vocab</c>: the teacher's vocabulary size, given directly or read from its config.json.</summary>
public sealed class VocabOptions : IValidatableObject
{
    /// <summary>The teacher's vocab_size; 0 reads it from <see cref="TeacherPath"/>.</summary>
    [Range(0, 100_000_000)]
    public int TeacherVocabSize { get; set; }

    /// <summary>Folder holding the teacher's config.json (relative to the configuration file); used when TeacherVocabSize is 0.</summary>
    public string? TeacherPath { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TeacherVocabSize == 0 && string.IsNullOrWhiteSpace(TeacherPath))
        {
            yield return new ValidationResult("Set TeacherVocabSize (e.g. 248320) or TeacherPath (the teacher's folder with config.json).", [nameof(TeacherVocabSize), nameof(TeacherPath)]);
        }
    }
}

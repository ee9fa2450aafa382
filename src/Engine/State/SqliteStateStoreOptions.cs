using System.ComponentModel.DataAnnotations;

namespace Tournament.Engine.State;

/// <summary>Options of the <c>sqlite</c> state store (configuration section <c>Components:sqlite</c>).</summary>
internal sealed class SqliteStateStoreOptions : IValidatableObject
{
    /// <summary>The database file; relative paths resolve against the configuration folder. Default: <c>&lt;DataDirectory&gt;/state.db</c>.</summary>
    public string? Path { get; set; }

    /// <summary>How long a write waits for another process's lock before failing.</summary>
    [Range(1, 3600)]
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Path is not null && string.IsNullOrWhiteSpace(Path))
        {
            yield return new ValidationResult("Path is blank; remove it to use <DataDirectory>/state.db, or give a file path.", [nameof(Path)]);
        }
    }
}

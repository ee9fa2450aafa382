using System.ComponentModel.DataAnnotations;

namespace Tournament.Engine.Chain;

/// <summary>Options of the <c>local-chain</c> ledger (configuration section <c>Components:local-chain</c>).</summary>
internal sealed class LocalChainOptions : IValidatableObject
{
    /// <summary>The ledger file; relative paths resolve against the configuration folder. Default: <c>&lt;DataDirectory&gt;/chain.db</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Seconds per block. Fixed when the ledger is created.</summary>
    [Range(1, 86_400)]
    public int BlockTimeSeconds { get; set; } = 12;

    /// <summary>Seeds the block hash chain. Fixed when the ledger is created.</summary>
    [Required]
    [StringLength(256, MinimumLength = 1)]
    public string GenesisSeed { get; set; } = "tournament-local";

    /// <summary>The subnet whose neurons, commitments and weights this component reads and writes.</summary>
    [Range(0, 65_535)]
    public int Netuid { get; set; }

    /// <summary>How long a write waits for another process's lock before failing.</summary>
    [Range(1, 3600)]
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Path is not null && string.IsNullOrWhiteSpace(Path))
        {
            yield return new ValidationResult("Path is blank; remove it to use <DataDirectory>/chain.db, or give a file path.", [nameof(Path)]);
        }
    }
}

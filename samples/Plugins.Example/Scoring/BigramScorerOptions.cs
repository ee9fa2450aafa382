using System.ComponentModel.DataAnnotations;

namespace Tournament.Samples.Example.Scoring;

/// <summary>Options of <c>example-bigram-ce</c>.</summary>
public sealed class BigramScorerOptions
{
    /// <summary>The largest <c>bigram.json</c> the scorer reads.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a row's total probability may be from 1.</summary>
    [Range(1e-9, 0.1)]
    public double Tolerance { get; set; } = 1e-3;
}

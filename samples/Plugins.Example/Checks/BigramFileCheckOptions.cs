using System.ComponentModel.DataAnnotations;

namespace Tournament.Samples.Example.Checks;

/// <summary>Options of <c>example-bigram-valid</c>.</summary>
public sealed class BigramFileCheckOptions
{
    /// <summary>The largest accepted <c>bigram.json</c>.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a row's total probability may be from 1.</summary>
    [Range(1e-9, 0.1)]
    public double Tolerance { get; set; } = 1e-3;
}

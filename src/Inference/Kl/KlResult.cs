namespace Tournament.Inference.Kl;

/// <summary>Per-position forward KL(teacher‖student) values, float32, and the positions whose value is NaN or infinite.</summary>
/// <param name="PerPosition">One value per position, in input order.</param>
/// <param name="NonFinitePositions">Indices of positions whose KL is NaN or ±infinity (empty when all are finite).</param>
public sealed record KlResult(float[] PerPosition, int[] NonFinitePositions)
{
    /// <summary>True when every position is finite.</summary>
    public bool AllFinite => NonFinitePositions.Length == 0;

    /// <summary>Mean over positions (NaN when any is non-finite or there are none).</summary>
    public double Mean => AllFinite && PerPosition.Length > 0 ? PerPosition.Average(v => (double)v) : double.NaN;
}

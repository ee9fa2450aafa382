using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.FunctionalCopy;

/// <summary>Options of the <c>functional-copy</c> check (section <c>Components:functional-copy</c>).</summary>
public sealed class FunctionalCopyOptions : IValidatableObject
{
    /// <summary>Cosine similarity at or above which a model is a copy of an earlier one.</summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.99999;

    /// <summary>Model dtype: f32, bf16 or f16.</summary>
    public ModelDtype Dtype { get; set; } = ModelDtype.F32;

    /// <summary>Device: cpu or cuda[:N].</summary>
    public string Device { get; set; } = "cpu";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OptionEnums.Undefined(Dtype, nameof(Dtype)) is { } problem)
        {
            yield return problem;
        }
    }
}

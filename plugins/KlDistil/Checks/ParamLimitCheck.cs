using System.Globalization;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Sum of element counts of every tensor in every safetensors header ≤ MaxParameters; the config is not trusted.</summary>
[Component("param-limit", Options = typeof(ParamLimitOptions), Description = "Counts every tensor element from the safetensors headers (no download) against MaxParameters.")]
internal sealed class ParamLimitCheck(ParamLimitOptions options) : IAntiCheatCheck
{
    public const string Name = "param-limit";

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (headers, stop) = await ModelMetadata.ReadHeadersAsync(context, Name, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        var total = 0m;
        foreach (var (_, header) in headers)
        {
            foreach (var tensor in header.Tensors)
            {
                total += tensor.Shape.Aggregate(1m, (a, d) => a * d);
            }
        }

        var limit = (decimal)options.MaxParameters;
        return total <= limit
            ? CheckOutcome.Pass(string.Create(CultureInfo.InvariantCulture, $"{total:N0} parameters"))
            : CheckOutcome.Disqualify(Name, string.Create(CultureInfo.InvariantCulture, $"The model has {total:N0} parameters, over the limit of {limit:N0}."));
    }
}

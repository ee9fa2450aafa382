using System.CommandLine;
using System.Globalization;
using Tournament.Cli;

namespace Tournament.Engine.Cli;

/// <summary>Numeric options that parse and range-check their own text, so a bad value is one sentence and exit 2, never a crash.</summary>
internal static class NumberOptions
{
    /// <summary>An optional whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> Whole(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number from {min} to {max}; '{CliText.Printable(text)}' is not.");
            return null;
        },
    };

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/>, <paramref name="fallback"/> when not given.</summary>
    public static Option<double> Finite(string name, string description, double min, double max, double fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; '{CliText.Printable(text)}' is not.");
            return fallback;
        },
    };
}

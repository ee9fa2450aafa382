using System.Globalization;
using System.Text.RegularExpressions;

namespace Tournament.Engine.Tests.Telemetry;

/// <summary>The samples of a Prometheus text exposition: name, labels, value (comments skipped).</summary>
internal sealed partial class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusText(string text)
    {
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            _samples.Add((match.Groups["name"].Value, labels, Number(match.Groups["value"].Value)));
        }
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include every given pair.</summary>
    public IReadOnlyList<double> Values(string name, params (string Label, string Value)[] labels) =>
        [.. _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Select(s => s.Value)];

    /// <summary>The one sample that matches (fails when none or several do).</summary>
    public double Single(string name, params (string Label, string Value)[] labels)
    {
        var values = Values(name, labels);
        Assert.True(values.Count == 1, $"{name} {{{string.Join(",", labels.Select(l => $"{l.Label}=\"{l.Value}\""))}}}: {values.Count} samples");
        return values[0];
    }

    /// <summary>Sums the matching samples (0 when none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Values(name, labels).Sum();

    private static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>[^ ]+)( [0-9]+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)" ?,?""")]
    private static partial Regex LabelPair();
}

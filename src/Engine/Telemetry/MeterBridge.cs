using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Tournament.Engine.Telemetry;

/// <summary>
/// Publishes one <see cref="Meter"/>'s counters and histograms as prometheus-net collectors in a registry: a
/// <see cref="MeterListener"/> on that meter instance only (two hosts in one process never mix), names
/// <c>&lt;meter&gt;_&lt;instrument&gt;</c> with dots as underscores (<c>tournament_round_step_duration_seconds</c>), tags as
/// labels. Counters stay Prometheus counters (prometheus-net's own MeterAdapter turns them into gauges).
/// </summary>
internal sealed class MeterBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Collector> _collectors = new();
    private readonly MetricFactory _factory;
    private readonly double[] _buckets;

    public MeterBridge(Meter meter, CollectorRegistry registry, IReadOnlyList<double> buckets)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _factory = Metrics.WithCustomRegistry(registry);
        _buckets = [.. buckets];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument is Counter<long> or Histogram<double>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The Prometheus name of an instrument.</summary>
    public static string NameOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return $"{instrument.Meter.Name}_{instrument.Name}".Replace('.', '_').Replace('-', '_');
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();
        var names = pairs.Select(p => p.Key).ToArray();
        var values = pairs.Select(p => p.Value?.ToString() ?? "").ToArray();
        var collector = _collectors.GetOrAdd(instrument, i => i is Histogram<double>
            ? _factory.CreateHistogram(NameOf(i), i.Description ?? i.Name, new HistogramConfiguration { LabelNames = names, Buckets = _buckets })
            : _factory.CreateCounter(NameOf(i), i.Description ?? i.Name, names));
        switch (collector)
        {
            case Histogram histogram:
                histogram.WithLabels(values).Observe(value);
                break;
            case Counter counter:
                counter.WithLabels(values).Inc(value);
                break;
        }
    }
}

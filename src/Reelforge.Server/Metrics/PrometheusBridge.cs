using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Reelforge.Server.Metrics;

/// <summary>
/// Publishes this host's `Reelforge` meter (see <see cref="Engine.EngineMetrics"/>) in a
/// prometheus-net registry, keeping each instrument's kind: a counter is a Prometheus counter
/// (`_total`), a histogram keeps the buckets its instrument advises, an up-down counter is a gauge.
/// prometheus-net's own MeterAdapter was not used: it exports counters as gauges, prefixes the
/// meter's name, and drops series untouched for 5 minutes (a quiet day's `failed` count would vanish).
/// Only meters made by this host's <see cref="IMeterFactory"/> are listened to, so two servers in
/// one process (the tests) do not count each other's jobs.
/// </summary>
internal sealed class PrometheusBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly IMetricFactory _factory;
    private readonly ConcurrentDictionary<Instrument, (Collector Collector, string[] Labels)> _collectors = new();

    public PrometheusBridge(IMeterFactory meters, CollectorRegistry registry)
    {
        _factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == Engine.EngineMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    /// <summary>The Prometheus name: dots become underscores; counters end in `_total`, second-valued instruments in `_seconds`.</summary>
    public static string NameOf(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        return instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> => name + "_total",
            _ when instrument.Unit == "s" => name + "_seconds",
            _ => name,
        };
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key;
        }
        var (collector, labels) = _collectors.GetOrAdd(instrument, Create, names.Order(StringComparer.Ordinal).ToArray());
        var values = new string[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            values[i] = "";
            foreach (var tag in tags)
            {
                if (tag.Key == labels[i])
                {
                    values[i] = tag.Value?.ToString() ?? "";
                }
            }
        }
        switch (collector)
        {
            case Counter counter: counter.WithLabels(values).Inc(value); break;
            case Histogram histogram: histogram.WithLabels(values).Observe(value); break;
            case Gauge gauge: gauge.WithLabels(values).Inc(value); break;
        }
    }

    private (Collector, string[]) Create(Instrument instrument, string[] labels)
    {
        var help = instrument.Description ?? instrument.Name;
        Collector collector = instrument switch
        {
            Histogram<double> h => _factory.CreateHistogram(NameOf(instrument), help, labels,
                new HistogramConfiguration { Buckets = h.Advice?.HistogramBucketBoundaries?.ToArray() ?? Histogram.ExponentialBuckets(0.01, 2, 16) }),
            UpDownCounter<long> or UpDownCounter<int> => _factory.CreateGauge(NameOf(instrument), help, labels),
            _ => _factory.CreateCounter(NameOf(instrument), help, labels),
        };
        return (collector, labels);
    }

    public void Dispose() => _listener.Dispose();
}

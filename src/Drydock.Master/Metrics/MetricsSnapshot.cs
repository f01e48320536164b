using System.Diagnostics.Metrics;

namespace Drydock.Master.Metrics;

/// <summary>
/// Reads the master's instruments back as Mesos's flat snapshot: counters as their totals, gauges as observed now, and
/// timers (histograms) as Mesos's timers show them: the latest value under the name, and <c>/count</c>, <c>/min</c>,
/// <c>/max</c>, <c>/p50</c>, <c>/p90</c>, <c>/p95</c>, <c>/p99</c>, <c>/p999</c>, <c>/p9999</c> over the last
/// <see cref="Window"/> values. A tagged instrument gives one entry per tag value (<c>drydock/loop_failures/allocation</c>).
/// Only this master's meter is listened to.
/// </summary>
internal sealed class MetricsSnapshot : IDisposable
{
    public const int Window = 1000;

    private static readonly (string Suffix, double Quantile)[] Percentiles =
        [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99), ("p999", 0.999), ("p9999", 0.9999)];

    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, double> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Timer> _timers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _gauges = new(StringComparer.Ordinal);

    public MetricsSnapshot(MasterMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                return;
            }

            lock (_gate)
            {
                // Counters are there from the start, at zero, as Mesos's are; the loop failures once per loop.
                if (instrument.Name == MasterMetrics.LoopFailuresName)
                {
                    foreach (var loop in MasterMetrics.Loops)
                    {
                        _counters.TryAdd(instrument.Name + "/" + loop, 0);
                    }
                }
                else if (instrument is Counter<long>)
                {
                    _counters.TryAdd(instrument.Name, 0);
                }
            }

            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every metric now, by name.</summary>
    public SortedDictionary<string, double> Take()
    {
        lock (_gate)
        {
            _gauges.Clear();
            _listener.RecordObservableInstruments();
            var snapshot = new SortedDictionary<string, double>(_counters, StringComparer.Ordinal);
            foreach (var (name, value) in _gauges)
            {
                snapshot[name] = value;
            }

            foreach (var (name, timer) in _timers)
            {
                timer.WriteTo(name, snapshot);
            }

            return snapshot;
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string KeyOf(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name;
        foreach (var tag in tags)
        {
            key += "/" + tag.Value;
        }

        return key;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = KeyOf(instrument, tags);
        lock (_gate)
        {
            switch (instrument)
            {
                case Counter<long>:
                    _counters[key] = _counters.GetValueOrDefault(key) + value;
                    break;
                case Histogram<double>:
                    if (!_timers.TryGetValue(key, out var timer))
                    {
                        _timers[key] = timer = new Timer();
                    }

                    timer.Add(value);
                    break;
                default:
                    _gauges[key] = value;
                    break;
            }
        }
    }

    /// <summary>The last <see cref="Window"/> values of a timer, oldest overwritten first.</summary>
    private sealed class Timer
    {
        private readonly double[] _values = new double[Window];
        private int _count;
        private int _next;

        public void Add(double value)
        {
            _values[_next] = value;
            _next = (_next + 1) % Window;
            _count = Math.Min(_count + 1, Window);
        }

        public void WriteTo(string name, SortedDictionary<string, double> snapshot)
        {
            if (_count == 0)
            {
                return;
            }

            snapshot[name] = _values[(_next + Window - 1) % Window];
            var sorted = _values.AsSpan(0, _count).ToArray();
            Array.Sort(sorted);
            snapshot[name + "/count"] = _count;
            snapshot[name + "/min"] = sorted[0];
            snapshot[name + "/max"] = sorted[^1];
            foreach (var (suffix, quantile) in Percentiles)
            {
                snapshot[name + "/" + suffix] = Percentile(sorted, quantile);
            }
        }

        /// <summary>Linear interpolation between the closest ranks.</summary>
        internal static double Percentile(double[] sorted, double quantile)
        {
            var position = quantile * (sorted.Length - 1);
            var lower = (int)Math.Floor(position);
            var upper = Math.Min(lower + 1, sorted.Length - 1);
            return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
        }
    }
}

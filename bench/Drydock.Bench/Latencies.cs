using System.Diagnostics;
using System.Globalization;

namespace Drydock.Bench;

/// <summary>Collects request latencies and reports median, p99 and max in milliseconds.</summary>
internal sealed class Latencies(string name)
{
    private readonly List<double> _ms = [];

    public string Name { get; } = name;

    public async Task<T> TimeAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        _ms.Add(watch.Elapsed.TotalMilliseconds);
        return result;
    }

    public string Row()
    {
        var sorted = _ms.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"| {Name} | {sorted.Length} | {At(0.5):0.0} | {At(0.99):0.0} | {sorted[^1]:0.0} |");
    }
}

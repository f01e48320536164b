using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Drydock.Master.Metrics;

/// <summary>
/// Whether each background loop of the master is healthy: a loop reports every cycle, <see cref="Failed"/> with the
/// cause or <see cref="Succeeded"/>. A loop is failing while its last cycle failed; the next success clears it. Failures
/// are counted in <c>drydock/loop_failures</c>; <c>drydock/loop_failing</c> (one gauge per loop, 1 or 0) and
/// <c>/health</c> show the current verdict.
/// </summary>
internal sealed class LoopHealth
{
    public const string FailingName = "drydock/loop_failing";

    private readonly ConcurrentDictionary<string, LoopFailure> _failing = new(StringComparer.Ordinal);
    private readonly MasterMetrics _metrics;
    private readonly TimeProvider _time;

    public LoopHealth(MasterMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _time = time;
        metrics.Meter.CreateObservableGauge(
            FailingName,
            () => MasterMetrics.Loops.Select(loop => new Measurement<double>(_failing.ContainsKey(loop) ? 1 : 0, new KeyValuePair<string, object?>("loop", loop))),
            description: "Whether a background loop's last cycle failed (1) or not (0), by loop");
    }

    /// <summary>The loops failing now, by name.</summary>
    public IReadOnlyList<LoopFailure> Failing => [.. _failing.Values.OrderBy(f => f.Loop, StringComparer.Ordinal)];

    public bool Healthy => _failing.IsEmpty;

    /// <summary>A cycle of <paramref name="loop"/> went through: the loop is no longer failing.</summary>
    public void Succeeded(string loop) => _failing.TryRemove(loop, out _);

    /// <summary>A cycle of <paramref name="loop"/> failed with <paramref name="error"/>: counted, and the loop is failing.</summary>
    public void Failed(string loop, Exception error)
    {
        _metrics.LoopFailed(loop);
        var now = _time.GetUtcNow();
        var message = error.GetType().Name + ": " + error.Message;
        _failing.AddOrUpdate(
            loop,
            _ => new LoopFailure(loop, now, 1, now, message),
            (_, before) => before with { ConsecutiveFailures = before.ConsecutiveFailures + 1, LastFailure = now, LastError = message });
    }

    /// <summary>
    /// What <c>/health</c> answers while a loop fails: a line per failing loop with since when, how many cycles in a row,
    /// and the last error's message (control characters replaced, so one error is one line).
    /// </summary>
    public static string Describe(IEnumerable<LoopFailure> failing)
    {
        var text = new StringBuilder();
        foreach (var failure in failing)
        {
            text.Append(CultureInfo.InvariantCulture, $"{failure.Loop} failing since {Timestamp(failure.Since)} ({failure.ConsecutiveFailures} failed cycles in a row, last at {Timestamp(failure.LastFailure)}): ");
            foreach (var c in failure.LastError)
            {
                text.Append(char.IsControl(c) ? ' ' : c);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

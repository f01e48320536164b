using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Health;

/// <summary>
/// Runs one task's health check beside it: the first check <c>delay_seconds</c> after the task started (at once for a
/// task recovered later than that), then <c>interval_seconds</c> after each check ends; each check is cut off at
/// <c>timeout_seconds</c> (0: never) and then fails. Verdicts come from <see cref="HealthTracker"/>; each update is
/// handed to the caller, and after the one that asks for the kill the checker stops, as Mesos's executor stops
/// listening to its checker once it kills the task.
/// </summary>
internal sealed partial class HealthChecker(
    string taskId,
    HealthCheckInfo check,
    IHealthProbe probe,
    HealthTracker tracker,
    DateTimeOffset taskStartedAt,
    TimeProvider time,
    Func<HealthUpdate, Task> publish,
    ILogger logger)
{
    private readonly TimeSpan _delay = HealthTimes.Seconds(check.DelaySeconds);
    private readonly TimeSpan _interval = HealthTimes.Seconds(check.IntervalSeconds);
    private readonly TimeSpan _timeout = HealthTimes.Seconds(check.TimeoutSeconds);

    /// <summary>Raised after each check, once the wait for the next one has begun (so a fake clock can be moved on).</summary>
    public event Action<string?>? Checked;

    /// <summary>Checks until <paramref name="cancellationToken"/> is cancelled (the task ended) or the task is to be killed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var wait = HealthTimes.WaitUntilAsync(taskStartedAt + _delay, time, cancellationToken);
        try
        {
            while (true)
            {
                await wait;
                var failure = await CheckOnceAsync(cancellationToken);
                var update = tracker.Record(failure is null, time.GetUtcNow());
                if (failure is not null)
                {
                    LogFailed(taskId, check.Type ?? "UNKNOWN", tracker.ConsecutiveFailures, failure);
                }

                if (update is not null)
                {
                    await publish(update);
                    if (update.KillTask)
                    {
                        Checked?.Invoke(failure);
                        return;
                    }
                }

                wait = HealthTimes.WaitUntilAsync(time.GetUtcNow() + _interval, time, cancellationToken);
                Checked?.Invoke(failure);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The task ended: checking stops with it.
        }
    }

    private async Task<string?> CheckOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        if (_timeout > TimeSpan.Zero)
        {
            timeout.CancelAfter(_timeout);
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await probe.CheckAsync(both.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{check.Type} health check has not returned after {_timeout.TotalSeconds:0.###} seconds; aborting";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return $"{check.Type} health check failed: {e.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Type} health check of task {TaskId} failed ({Failures} in a row counted): {Reason}")]
    private partial void LogFailed(string taskId, string type, int failures, string reason);
}

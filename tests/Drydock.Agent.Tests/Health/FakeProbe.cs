using System.Threading.Channels;
using Drydock.Agent.Health;

namespace Drydock.Agent.Tests.Health;

/// <summary>A probe the test answers: each check waits until the test gives its result (or its token is cancelled).</summary>
internal sealed class FakeProbe(TimeProvider time) : IHealthProbe
{
    private readonly Channel<(DateTimeOffset At, TaskCompletionSource<string?> Answer)> _calls = Channel.CreateUnbounded<(DateTimeOffset, TaskCompletionSource<string?>)>();

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _calls.Writer.WriteAsync((time.GetUtcNow(), answer), cancellationToken);
        return await answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The next check, when it starts (a real-time deadline guards the test only).</summary>
    public async Task<(DateTimeOffset At, TaskCompletionSource<string?> Answer)> NextAsync() =>
        await _calls.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool Pending => _calls.Reader.TryPeek(out _);
}

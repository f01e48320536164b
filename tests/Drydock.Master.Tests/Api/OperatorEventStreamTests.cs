using System.Diagnostics.Metrics;
using Drydock.Master.Api;
using Drydock.Master.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Master.Tests.Api;

/// <summary>The operator event fan-out: one subscriber's trouble ends that stream only, and a failed build throws nowhere.</summary>
public sealed class OperatorEventStreamTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly LoopHealth _health;
    private readonly OperatorEventStream _stream;

    public OperatorEventStreamTests()
    {
        _health = new LoopHealth(new MasterMetrics(_services.GetRequiredService<IMeterFactory>()), TimeProvider.System);
        _stream = new OperatorEventStream(_health, NullLogger<OperatorEventStream>.Instance);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Publish_BuildThrows_NothingThrownLoopFailingAndStreamsEnded()
    {
        var first = _stream.Subscribe();
        var second = _stream.Subscribe();

        var thrown = Record.Exception(() => _stream.Publish(() => throw new ArgumentException("infinity cannot be written as valid JSON")));

        Assert.Null(thrown);
        var failure = Assert.Single(_health.Failing);
        Assert.Equal(("operator_events", "ArgumentException: infinity cannot be written as valid JSON"), (failure.Loop, failure.LastError));
        Assert.True(first.Reader.Completion.IsCompleted);
        Assert.True(second.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task Publish_AfterAFailedBuild_NewSubscriberGetsTheNextEventAndLoopHealthy()
    {
        _stream.Subscribe();
        _stream.Publish(() => throw new InvalidOperationException("bug"));
        var fresh = _stream.Subscribe();

        _stream.Publish(() => [1, 2, 3]);

        Assert.Equal([1, 2, 3], await fresh.Reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Empty(_health.Failing);
    }

    [Fact]
    public void Publish_OneSubscriberFullBacklog_OnlyThatStreamEnds()
    {
        var slow = _stream.Subscribe();
        for (var i = 0; i < OperatorEventStream.Backlog; i++)
        {
            _stream.Publish(() => [0]);
        }

        var quick = _stream.Subscribe();
        _stream.Publish(() => [1]);

        // Room made in its backlog, it still takes nothing: its stream was ended, not merely full.
        Assert.True(slow.Reader.TryRead(out _));
        Assert.False(slow.Writer.TryWrite([2]));
        Assert.True(quick.Reader.TryRead(out var received));
        Assert.Equal([1], received);
        Assert.False(quick.Reader.Completion.IsCompleted);
        Assert.Empty(_health.Failing);
    }
}

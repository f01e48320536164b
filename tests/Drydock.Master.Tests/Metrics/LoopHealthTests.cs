using System.Diagnostics.Metrics;
using Drydock.Master.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Master.Tests.Metrics;

public sealed class LoopHealthTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => _services.Dispose();

    private MasterMetrics NewMetrics() => new(_services.GetRequiredService<IMeterFactory>());

    [Fact]
    public void Failed_TwiceThenSucceeded_FailingSinceTheFirstUntilTheSuccess()
    {
        var health = new LoopHealth(NewMetrics(), _time);
        var first = _time.GetUtcNow();

        health.Failed("allocation", new InvalidOperationException("first"));
        _time.Advance(TimeSpan.FromSeconds(1));
        health.Failed("allocation", new ArgumentException("second"));
        var failing = Assert.Single(health.Failing);
        health.Succeeded("allocation");

        Assert.Equal(new LoopFailure("allocation", first, 2, first.AddSeconds(1), "ArgumentException: second"), failing);
        Assert.Empty(health.Failing);
        Assert.True(health.Healthy);
    }

    [Fact]
    public void Succeeded_OtherLoop_FailingLoopStaysFailing()
    {
        var health = new LoopHealth(NewMetrics(), _time);

        health.Failed("drain", new IOException("disk"));
        health.Succeeded("allocation");

        Assert.Equal("drain", Assert.Single(health.Failing).Loop);
        Assert.False(health.Healthy);
    }

    [Fact]
    public void Failed_CountedAndGauged_SnapshotShowsCountAndVerdictPerLoop()
    {
        var metrics = NewMetrics();
        using var snapshot = new MetricsSnapshot(metrics);
        var health = new LoopHealth(metrics, _time);

        health.Failed("framework_failover", new InvalidOperationException("x"));
        health.Failed("agent_health", new InvalidOperationException("y"));
        health.Failed("agent_health", new InvalidOperationException("z"));
        health.Succeeded("agent_health");
        var taken = snapshot.Take();

        Assert.Equal(1, taken["drydock/loop_failures/framework_failover"]);
        Assert.Equal(2, taken["drydock/loop_failures/agent_health"]);
        Assert.Equal(1, taken[LoopHealth.FailingName + "/framework_failover"]);
        Assert.Equal(0, taken[LoopHealth.FailingName + "/agent_health"]);
        Assert.All(MasterMetrics.Loops, loop => Assert.Contains(LoopHealth.FailingName + "/" + loop, taken.Keys));
    }

    [Fact]
    public void Describe_FailingLoops_OneLinePerLoopWithSinceCountAndMessage()
    {
        var since = DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var failing = new[]
        {
            new LoopFailure("allocation", since, 3, since.AddSeconds(2), "ArgumentException: bad\nnumber"),
            new LoopFailure("drain", since, 1, since, "IOException: disk"),
        };

        var text = LoopHealth.Describe(failing);

        Assert.Equal(
            "allocation failing since 2026-11-24T00:00:00.000Z (3 failed cycles in a row, last at 2026-11-24T00:00:02.000Z): ArgumentException: bad number\n"
                + "drain failing since 2026-11-24T00:00:00.000Z (1 failed cycles in a row, last at 2026-11-24T00:00:00.000Z): IOException: disk\n",
            text);
    }
}

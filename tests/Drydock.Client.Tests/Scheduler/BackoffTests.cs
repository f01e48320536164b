using Drydock.Client.Scheduler;

namespace Drydock.Client.Tests.Scheduler;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 0.5, 3000)]
    [InlineData(6, 1.0, 30000)]
    [InlineData(100, 0.0, 15000)]
    public void Delay_Attempt_DoublesToTheCapWithJitterBetweenHalfAndAll(int attempt, double unit, int expectedMilliseconds)
    {
        var delay = Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), unit);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }
}

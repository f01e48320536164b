using Drydock.Agent.Registration;

namespace Drydock.Agent.Tests.Registration;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Factor = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Next_EachFailedAttempt_DoublesTheCap()
    {
        var backoff = new ReconnectBackoff(Factor, () => 1.0);

        var waits = Enumerable.Range(0, 4).Select(_ => backoff.Next().TotalMilliseconds).ToArray();

        Assert.Equal([100, 200, 400, 800], waits);
    }

    [Fact]
    public void Next_ManyAttempts_IsCappedAtOneMinute()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), () => 1.0);

        for (var i = 0; i < 40; i++)
        {
            Assert.True(backoff.Next() <= ReconnectBackoff.Max);
        }

        Assert.Equal(ReconnectBackoff.Max, backoff.Next());
    }

    [Fact]
    public void Next_IsRandomOverTheWholeInterval()
    {
        var draws = new Queue<double>([0.0, 0.5]);
        var backoff = new ReconnectBackoff(Factor, draws.Dequeue);

        Assert.Equal(TimeSpan.Zero, backoff.Next());
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Next());
    }

    [Fact]
    public void Reset_AfterRegistration_StartsAgainAtTheFactor()
    {
        // Five master crashes, each met by three refused connections before the agent is back: without the reset the
        // fifteenth wait would be capped at b·2^14.
        var backoff = new ReconnectBackoff(Factor, () => 1.0);
        var firstWaits = new List<TimeSpan>();
        for (var crash = 0; crash < 5; crash++)
        {
            firstWaits.Add(backoff.Next());
            backoff.Next();
            backoff.Next();
            backoff.Reset();
        }

        Assert.All(firstWaits, wait => Assert.Equal(Factor, wait));
        Assert.Equal(0, backoff.Attempt);
    }
}

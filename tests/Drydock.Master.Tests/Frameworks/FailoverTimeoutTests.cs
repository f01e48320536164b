using Drydock.Master.Frameworks;

namespace Drydock.Master.Tests.Frameworks;

public sealed class FailoverTimeoutTests
{
    [Theory]
    [InlineData(double.NegativeInfinity, 0)]
    [InlineData(-1e300, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, 0)]
    [InlineData(604800, 7)]
    public void FailoverTimeout_AnyDouble_IsASpanWithoutThrowing(double seconds, double days)
    {
        Assert.Equal(TimeSpan.FromDays(days), FrameworkRegistry.FailoverTimeout(seconds));
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    public void FailoverTimeout_Huge_IsCappedAtAHundredYears(double seconds)
    {
        Assert.Equal(TimeSpan.FromDays(36500), FrameworkRegistry.FailoverTimeout(seconds));
    }
}

using Drydock.Master.Frameworks;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Tests.Frameworks;

/// <summary>SUBSCRIBE's failover timeout and the offer filters' refuse_seconds, as Mesos takes them.</summary>
public sealed class FrameworkNumberTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(604800, null)]
    [InlineData(-5, null)]
    [InlineData(9223372036.0, null)]
    [InlineData(1e10, "The framework failover_timeout (1e+10) is invalid")]
    [InlineData(-1e10, "The framework failover_timeout (-1e+10) is invalid")]
    [InlineData(9.3e9, "The framework failover_timeout (9.3e+09) is invalid")]
    [InlineData(1e300, "The framework failover_timeout (1e+300) is invalid")]
    [InlineData(double.NaN, "The framework failover_timeout (nan) is invalid")]
    public void Validate_FailoverTimeout_MesosDurationRange(double seconds, string? expected) =>
        Assert.Equal(expected, FrameworkInfoValidator.Validate(new FrameworkInfo { User = "u", Name = "n", FailoverTimeoutSeconds = seconds }));

    [Theory]
    [InlineData(null, 5)]
    [InlineData(0.0, 0)]
    [InlineData(2.5, 2.5)]
    [InlineData(-1.0, 5)]
    [InlineData(double.NaN, 5)]
    [InlineData(1e300, 365 * 24 * 3600)]
    [InlineData(31536001.0, 365 * 24 * 3600)]
    public void RefuseFor_RefuseSeconds_AsMesosAllocator(double? given, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OfferBook.RefuseFor(given));
}

using System.Globalization;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The numbers of a SUBSCRIBE's <c>FrameworkInfo</c>, checked as Mesos's <c>validation::framework::validate</c> checks
/// them: <c>failover_timeout</c> must be a valid Mesos <c>Duration</c> (int64 nanoseconds, so at most about 292 years
/// either way; a negative one is valid and means 0). A refused subscription gets ERROR on the stream it opened, with
/// Mesos's text, and nothing is stored.
/// </summary>
internal static class FrameworkInfoValidator
{
    /// <summary>The first error, or null.</summary>
    public static string? Validate(FrameworkInfo info)
    {
        // Duration::create(seconds) fails when seconds * 10^9 is beyond int64 (compared as doubles, as Mesos does).
        var nanoseconds = info.FailoverTimeoutSeconds * 1e9;
        return double.IsFinite(nanoseconds) && nanoseconds <= long.MaxValue && nanoseconds >= long.MinValue
            ? null
            : $"The framework failover_timeout ({Stringify(info.FailoverTimeoutSeconds)}) is invalid";
    }

    /// <summary>A double as Mesos's <c>stringify</c> prints it (a C++ stream's defaults: six significant digits).</summary>
    private static string Stringify(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : value.ToString("G6", CultureInfo.InvariantCulture).ToLowerInvariant();
}

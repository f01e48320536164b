using System.Globalization;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Request bodies as JSON text, built by hand so tests control every byte the master sees. The machines are the
/// spec's (section 7): M1 has only a hostname, M2 only an ip, M3 both.
/// </summary>
internal static class Bodies
{
    public const string M1 = """{"hostname":"Machine1"}""";

    public const string M2 = """{"ip":"0.0.0.2"}""";

    public const string M3 = """{"hostname":"Machine3","ip":"0.0.0.3"}""";

    /// <summary>A fixed start (late 2026, in nanoseconds: above 2^53) so replies can be compared byte for byte.</summary>
    public const long Start = 1795551078298638600;

    /// <summary>One hour in nanoseconds.</summary>
    public const long Hour = 3_600_000_000_000;

    public static string Unavailability(long start = Start, long? duration = Hour) => duration is { } d
        ? Invariant($$$"""{"start":{"nanoseconds":{{{start}}}},"duration":{"nanoseconds":{{{d}}}}}""")
        : Invariant($$$"""{"start":{"nanoseconds":{{{start}}}}}""");

    /// <summary>A window over <paramref name="machines"/> (each a MachineID JSON object).</summary>
    public static string Window(IEnumerable<string> machines, long start = Start, long? duration = Hour) =>
        $$$"""{"machine_ids":{{{List(machines)}}},"unavailability":{{{Unavailability(start, duration)}}}}""";

    public static string Window(params string[] machines) => Window((IEnumerable<string>)machines);

    /// <summary>A schedule of the given windows (each a Window JSON object).</summary>
    public static string Schedule(params string[] windows) => $$"""{"windows":[{{string.Join(',', windows)}}]}""";

    /// <summary>A schedule of one window holding every machine given.</summary>
    public static string ScheduleOf(params string[] machines) => Schedule(Window(machines));

    /// <summary>A JSON array of MachineIDs, the body of <c>/machine/down</c> and <c>/machine/up</c>.</summary>
    public static string List(IEnumerable<string> machines) => "[" + string.Join(',', machines) + "]";

    public static string List(params string[] machines) => List((IEnumerable<string>)machines);

    public static string V1(string type) => $$"""{"type":"{{type}}"}""";

    public static string V1Update(string schedule) =>
        $$$"""{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{"schedule":{{{schedule}}}}}""";

    public static string V1Start(params string[] machines) =>
        $$$"""{"type":"START_MAINTENANCE","start_maintenance":{"machines":{{{List(machines)}}}}}""";

    public static string V1Stop(params string[] machines) =>
        $$$"""{"type":"STOP_MAINTENANCE","stop_maintenance":{"machines":{{{List(machines)}}}}}""";

    /// <summary>Mesos's duplicate-machine error for <paramref name="machine"/> (compact JSON, only the fields set).</summary>
    public static string AppearsTwice(string machine) => $"Machine '{machine}' appears more than once in the schedule";

    public static string NotScheduled(string machine) => $"Machine '{machine}' is not part of a maintenance schedule";

    public static string NotDraining(string machine) => $"Machine '{machine}' is not in DRAINING mode and cannot be brought down";

    public static string NotDown(string machine) => $"Machine '{machine}' is not in DOWN mode and cannot be brought up";

    public static string CannotRemoveDown(string machine) => $"Machine '{machine}' is deactivated and cannot be removed from the schedule";

    /// <summary>Now, in nanoseconds since the epoch.</summary>
    public static long Now() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

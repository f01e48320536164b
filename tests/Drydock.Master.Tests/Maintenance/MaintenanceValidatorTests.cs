using System.Collections.Immutable;
using Drydock.Master.Maintenance;
using Drydock.Master.Persistence;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Tests.Maintenance;

public sealed class MaintenanceValidatorTests
{
    private static readonly MachineId M1 = new("Machine1", null);
    private static readonly MachineId M2 = new(null, "0.0.0.2");
    private static readonly MachineId M3 = new("Machine3", "0.0.0.3");
    private static readonly Unavailability Hour = new(new TimeInfo(1), new DurationInfo(3_600_000_000_000));

    private static MaintenanceSchedule Schedule(params MachineId[][] windows) =>
        new(windows.Select(w => new MaintenanceWindow(w, Hour)).ToArray());

    private static DurableState State(params (MachineId Id, MachineMode Mode)[] machines) =>
        DurableState.Empty with
        {
            Machines = machines.ToImmutableDictionary(m => m.Id, m => new MachineInfo(m.Id, m.Mode, Hour)),
        };

    public static TheoryData<string, MaintenanceSchedule, string?> Schedules => new()
    {
        { "one window", Schedule([M1, M2, M3]), null },
        { "empty schedule", MaintenanceSchedule.Empty, null },
        { "overlapping windows", Schedule([M1], [M3]), null },
        { "hostname-only and full id are different", Schedule([M1, new MachineId("Machine1", "0.0.0.1")]), null },
        { "empty window", new MaintenanceSchedule([new MaintenanceWindow([], Hour)]), "List of machines in the maintenance window is empty" },
        { "empty machine id", Schedule([new MachineId(null, null)]), "Both 'hostname' and 'ip' for a machine are empty" },
        { "empty strings", Schedule([new MachineId("", "")]), "Both 'hostname' and 'ip' for a machine are empty" },
        { "bad ip", Schedule([new MachineId(null, "10.0.0")]), "Failed to parse IPv4: 10.0.0" },
        { "duplicate across windows", Schedule([M1], [M1]), """Machine '{"hostname":"Machine1"}' appears more than once in the schedule""" },
        { "duplicate by case", Schedule([new MachineId("MACHINE1", null), new MachineId("machine1", null)]), """Machine '{"hostname":"machine1"}' appears more than once in the schedule""" },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void ValidateSchedule_Rules_GiveMesosMessages(string name, MaintenanceSchedule schedule, string? error)
    {
        Assert.NotNull(name);
        Assert.Equal(error, MaintenanceValidator.ValidateSchedule(schedule, DurableState.Empty));
    }

    [Fact]
    public void ValidateSchedule_NegativeDuration_IsRefused()
    {
        var schedule = new MaintenanceSchedule([new MaintenanceWindow([M1], new Unavailability(new TimeInfo(-10), new DurationInfo(-10)))]);

        Assert.Equal("Unavailability 'duration' is negative", MaintenanceValidator.ValidateSchedule(schedule, DurableState.Empty));
    }

    [Theory]
    [InlineData(9_000_000_000_000_000_000L, 300_000_000_000_000_000L, "Unavailability 'start' + 'duration' is beyond the largest time in nanoseconds")]
    [InlineData(long.MaxValue, 1L, "Unavailability 'start' + 'duration' is beyond the largest time in nanoseconds")]
    [InlineData(long.MaxValue, 0L, null)]
    [InlineData(-10L, long.MaxValue, null)]
    public void ValidateSchedule_EndBeyondInt64_IsRefused(long start, long duration, string? error)
    {
        var schedule = new MaintenanceSchedule([new MaintenanceWindow([M1], new Unavailability(new TimeInfo(start), new DurationInfo(duration)))]);

        Assert.Equal(error, MaintenanceValidator.ValidateSchedule(schedule, DurableState.Empty));
    }

    [Fact]
    public void ValidateSchedule_PastStartWithoutDuration_IsAccepted()
    {
        var schedule = new MaintenanceSchedule([new MaintenanceWindow([M1], new Unavailability(new TimeInfo(-10)))]);

        Assert.Null(MaintenanceValidator.ValidateSchedule(schedule, DurableState.Empty));
    }

    [Fact]
    public void ValidateSchedule_DroppingDownMachine_IsRefused()
    {
        var state = State((M1, MachineMode.DOWN), (M2, MachineMode.DRAINING));

        Assert.Equal(
            """Machine '{"hostname":"Machine1"}' is deactivated and cannot be removed from the schedule""",
            MaintenanceValidator.ValidateSchedule(Schedule([M2]), state));
        Assert.Null(MaintenanceValidator.ValidateSchedule(Schedule([M1]), state));
    }

    public static TheoryData<string, MachineId[], string?> DownCases => new()
    {
        { "draining", [M2], null },
        { "empty list", [], "List of machines is empty" },
        { "empty id", [new MachineId(null, null)], "Both 'hostname' and 'ip' for a machine are empty" },
        { "duplicate", [M2, M2], """Machine '{"ip":"0.0.0.2"}' appears more than once in the schedule""" },
        { "unscheduled", [M3], """Machine '{"hostname":"Machine3","ip":"0.0.0.3"}' is not part of a maintenance schedule""" },
        { "already down", [M1], """Machine '{"hostname":"Machine1"}' is not in DRAINING mode and cannot be brought down""" },
        { "all or nothing", [M2, M1], """Machine '{"hostname":"Machine1"}' is not in DRAINING mode and cannot be brought down""" },
    };

    [Theory]
    [MemberData(nameof(DownCases))]
    public void ValidateDown_Rules_GiveMesosMessages(string name, MachineId[] machines, string? error)
    {
        Assert.NotNull(name);
        Assert.Equal(error, MaintenanceValidator.ValidateDown(machines, State((M1, MachineMode.DOWN), (M2, MachineMode.DRAINING))));
    }

    public static TheoryData<string, MachineId[], string?> UpCases => new()
    {
        { "down", [M1], null },
        { "empty list", [], "List of machines is empty" },
        { "unscheduled", [M3], """Machine '{"hostname":"Machine3","ip":"0.0.0.3"}' is not part of a maintenance schedule""" },
        { "draining", [M2], """Machine '{"ip":"0.0.0.2"}' is not in DOWN mode and cannot be brought up""" },
    };

    [Theory]
    [MemberData(nameof(UpCases))]
    public void ValidateUp_Rules_GiveMesosMessages(string name, MachineId[] machines, string? error)
    {
        Assert.NotNull(name);
        Assert.Equal(error, MaintenanceValidator.ValidateUp(machines, State((M1, MachineMode.DOWN), (M2, MachineMode.DRAINING))));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.0.0.1", false)]
    [InlineData("10.0.0", false)]
    [InlineData("10.0.0.01", false)]
    [InlineData(" 10.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("a.b.c.d", false)]
    [InlineData("10..0.1", false)]
    public void Ipv4_IsValid_MatchesInetPton(string text, bool valid) => Assert.Equal(valid, Ipv4.IsValid(text));
}

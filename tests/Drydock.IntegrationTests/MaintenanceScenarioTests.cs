using System.Globalization;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.Bodies;

namespace Drydock.IntegrationTests;

/// <summary>
/// The maintenance scenarios of spec section 7 (1-10, 15-17, 22-24) over the v0 HTTP endpoints, with Mesos's exact
/// status codes and texts. Requests that must be refused share one master whose schedule holds M2 (DRAINING);
/// every scenario that changes state starts its own master.
/// </summary>
public sealed class MaintenanceScenarioTests(DrainingMasterFixture fixture) : IClassFixture<DrainingMasterFixture>
{
    private const string SchedulePath = "maintenance/schedule";
    private const string DownPath = "machine/down";
    private const string UpPath = "machine/up";

    private const string Machine1Upper = """{"hostname":"MACHINE1"}""";
    private const string Machine1Lower = """{"hostname":"machine1"}""";
    private const string Machine3HostnameOnly = """{"hostname":"Machine3"}""";

    public static TheoryData<string, string> InvalidSchedules => new()
    {
        // Scenario 2: an empty window, alone or after a valid one.
        { Schedule(Window()), "List of machines in the maintenance window is empty" },
        { Schedule(Window(M1), Window()), "List of machines in the maintenance window is empty" },

        // Scenario 4: a negative duration (-10 s).
        { Schedule(Window([M1], Start, -10_000_000_000)), "Unavailability 'duration' is negative" },

        // Scenario 5: the same machine twice, in two windows or in one; hostnames compare case-insensitively.
        { Schedule(Window(M1), Window(M1)), AppearsTwice(M1) },
        { ScheduleOf(M1, M1), AppearsTwice(M1) },
        { ScheduleOf(Machine1Upper, Machine1Lower), AppearsTwice(Machine1Lower) },
        { Schedule(Window(M2), Window(M2)), AppearsTwice(M2) },
        { ScheduleOf(M3, """{"hostname":"machine3","ip":"0.0.0.3"}"""), AppearsTwice("""{"hostname":"machine3","ip":"0.0.0.3"}""") },

        // Scenario 6: a machine with neither hostname nor ip.
        { ScheduleOf("{}"), "Both 'hostname' and 'ip' for a machine are empty" },
        { ScheduleOf("""{"hostname":""}"""), "Both 'hostname' and 'ip' for a machine are empty" },
        { ScheduleOf("""{"hostname":"","ip":""}"""), "Both 'hostname' and 'ip' for a machine are empty" },

        // Scenario 7: an ip that is not dotted-quad IPv4.
        { ScheduleOf("""{"ip":"10.0.0"}"""), "Failed to parse IPv4: 10.0.0" },
        { ScheduleOf("""{"hostname":"Machine9","ip":"10.0.0"}"""), "Failed to parse IPv4: 10.0.0" },
        { ScheduleOf("""{"ip":"256.0.0.1"}"""), "Failed to parse IPv4: 256.0.0.1" },
        { ScheduleOf("""{"ip":"1.2.3.4.5"}"""), "Failed to parse IPv4: 1.2.3.4.5" },
        { ScheduleOf("""{"ip":"not-an-ip"}"""), "Failed to parse IPv4: not-an-ip" },
        { ScheduleOf("""{"ip":"::1"}"""), "Failed to parse IPv4: ::1" },

        // Required fields, named by their path.
        { """{"windows":[{"machine_ids":[""" + M1 + "]}]}", "Missing required fields: windows[0].unavailability" },
        { """{"windows":[{"machine_ids":[""" + M1 + """],"unavailability":{}}]}""", "Missing required fields: windows[0].unavailability.start" },
        { """{"windows":[{"machine_ids":[""" + M1 + """],"unavailability":{"start":{}}}]}""", "Missing required fields: windows[0].unavailability.start.nanoseconds" },
    };

    public static TheoryData<string, string, string> InvalidMachineLists => new()
    {
        // Scenario 16, for both endpoints.
        { DownPath, "[]", "List of machines is empty" },
        { UpPath, "[]", "List of machines is empty" },
        { DownPath, "[{}]", "Both 'hostname' and 'ip' for a machine are empty" },
        { UpPath, "[{}]", "Both 'hostname' and 'ip' for a machine are empty" },
        { DownPath, """[{"ip":"10.0.0"}]""", "Failed to parse IPv4: 10.0.0" },
        { UpPath, """[{"ip":"10.0.0"}]""", "Failed to parse IPv4: 10.0.0" },
        { DownPath, List(M2, M2), AppearsTwice(M2) },
        { UpPath, List(M2, M2), AppearsTwice(M2) },

        // Scenario 15 and the first half of 22: unscheduled machines; all-or-nothing, so M2 stays DRAINING.
        { DownPath, List(M1, M2), NotScheduled(M1) },
        { DownPath, List(M2, M1), NotScheduled(M1) },
        { UpPath, List(M1, M2), NotScheduled(M1) },

        // A hostname-only id is not the same machine as hostname + ip (M3 is not scheduled either way here).
        { DownPath, List(Machine3HostnameOnly), NotScheduled(Machine3HostnameOnly) },

        // Second half of scenario 22: M2 is DRAINING, not DOWN.
        { UpPath, List(M2), NotDown(M2) },
    };

    [Theory]
    [MemberData(nameof(InvalidSchedules))]
    public async Task UpdateSchedule_InvalidSchedule_Returns400WithMesosTextAndKeepsSchedule(string body, string error)
    {
        var master = fixture.Session;

        Replies.AssertBadRequest(await master.PostAsync(SchedulePath, body), error);

        Assert.Equal(fixture.Baseline, await master.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(InvalidMachineLists))]
    public async Task ChangeMachineModes_InvalidRequest_Returns400WithMesosTextAndChangesNothing(string path, string body, string error)
    {
        var master = fixture.Session;

        Replies.AssertBadRequest(await master.PostAsync(path, body), error);

        Assert.Equal(fixture.Baseline, await master.SnapshotAsync());
        Assert.Equal(StatusView.Of([M2], []), StatusView.Parse(fixture.Baseline.Status));
    }

    [Fact]
    public async Task UpdateSchedule_OneMachineStartingNow_RoundTripsWithHostnameAsPosted()
    {
        await using var master = await MasterSession.StartAsync();
        var now = Now();

        Replies.AssertOk(await master.PostAsync(SchedulePath, Schedule(Window([M1], now))));

        Assert.Equal(
            """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":{"start":{"nanoseconds":"""
                + now.ToString(CultureInfo.InvariantCulture)
                + """},"duration":{"nanoseconds":3600000000000}}}]}""",
            await master.ScheduleAsync());
        Assert.Equal(StatusView.Of([M1], []), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task UpdateSchedule_NoDuration_RoundTripsWithoutDuration()
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.PostAsync(SchedulePath, Schedule(Window([M3], Start, null))));

        Assert.Equal(
            """{"windows":[{"machine_ids":[{"hostname":"Machine3","ip":"0.0.0.3"}],"unavailability":{"start":{"nanoseconds":1795551078298638600}}}]}""",
            await master.ScheduleAsync());
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(0)]
    public async Task UpdateSchedule_StartInThePast_Returns200(long start)
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.PostAsync(SchedulePath, Schedule(Window([M1], start, Hour))));

        Assert.Contains($$"""{"start":{"nanoseconds":{{start}}}""", await master.ScheduleAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_800_000_000_000)]
    public async Task UpdateSchedule_OverlappingWindowsOfDifferentMachines_Returns200(long offset)
    {
        await using var master = await MasterSession.StartAsync();
        var body = Schedule(Window([M1], Start, Hour), Window([M3], Start + offset, Hour));

        Replies.AssertOk(await master.PostAsync(SchedulePath, body));

        Assert.Equal(body, await master.ScheduleAsync());
        Assert.Equal(StatusView.Of([M1, M3], []), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task UpdateSchedule_HostnameOnlyAndHostnameWithIp_AreDistinctMachines()
    {
        await using var master = await MasterSession.StartAsync();
        var body = ScheduleOf(Machine3HostnameOnly, M3);

        Replies.AssertOk(await master.PostAsync(SchedulePath, body));

        Assert.Equal(body, await master.ScheduleAsync());
        Assert.Equal(StatusView.Of([Machine3HostnameOnly, M3], []), StatusView.Parse(await master.StatusAsync()));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"windows":[]}""")]
    public async Task UpdateSchedule_EmptySchedule_ClearsScheduleAndStatus(string empty)
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M1, M2)));

        Replies.AssertOk(await master.PostAsync(SchedulePath, empty));

        Assert.Equal(new MaintenanceSnapshot("{}", "{}"), await master.SnapshotAsync());
    }

    [Fact]
    public async Task UpdateSchedule_DroppingDownMachine_Returns400UntilMachineIsUp()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M1, M2)));
        Replies.AssertOk(await master.PostAsync(DownPath, List(M1)));
        var before = await master.SnapshotAsync();

        Replies.AssertBadRequest(await master.PostAsync(SchedulePath, ScheduleOf(M2)), CannotRemoveDown(M1));
        Assert.Equal(before, await master.SnapshotAsync());

        Replies.AssertOk(await master.PostAsync(UpPath, List(M1)));
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M2)));
        Assert.Equal(ScheduleOf(M2), await master.ScheduleAsync());
        Assert.Equal(StatusView.Of([M2], []), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task UpdateSchedule_DownMachineKeptInNewWindow_Returns200AndStaysDown()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M1, M2)));
        Replies.AssertOk(await master.PostAsync(DownPath, List(M1)));

        var moved = Schedule(Window([M1], Start + Hour, 2 * Hour));
        Replies.AssertOk(await master.PostAsync(SchedulePath, moved));

        Assert.Equal(moved, await master.ScheduleAsync());
        Assert.Equal(StatusView.Of([], [M1]), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task MachineDown_Twice_SecondIs400AndAllOrNothing()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M1, M2)));

        Replies.AssertOk(await master.PostAsync(DownPath, List(M1)));
        Replies.AssertBadRequest(await master.PostAsync(DownPath, List(M1)), NotDraining(M1));

        var before = await master.SnapshotAsync();
        Replies.AssertBadRequest(await master.PostAsync(DownPath, List(M1, M2)), NotDraining(M1));
        Assert.Equal(before, await master.SnapshotAsync());
        Assert.Equal(StatusView.Of([M2], [M1]), StatusView.Parse(before.Status));

        Replies.AssertOk(await master.PostAsync(DownPath, List(M2)));
        Assert.Equal(StatusView.Of([], [M1, M2]), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task MachineDown_ScheduledAndUnscheduledMachine_Returns400AndChangesNothing()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M1)));
        var before = await master.SnapshotAsync();

        Replies.AssertBadRequest(await master.PostAsync(DownPath, List(M1, M2)), NotScheduled(M2));

        Assert.Equal(before, await master.SnapshotAsync());
        Assert.Equal(StatusView.Of([M1], []), StatusView.Parse(before.Status));
    }

    [Fact]
    public async Task MachineDown_HostnameInOtherCase_MatchesScheduledMachine()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M1)));

        Replies.AssertOk(await master.PostAsync(DownPath, List(Machine1Upper)));

        Assert.Equal(StatusView.Of([], [M1]), StatusView.Parse(await master.StatusAsync()));
        Assert.Equal(ScheduleOf(M1), await master.ScheduleAsync());
    }

    [Fact]
    public async Task MachineDown_HostnameOnlyIdOfMachineScheduledWithIp_Returns400()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M3)));

        Replies.AssertBadRequest(await master.PostAsync(DownPath, List(Machine3HostnameOnly)), NotScheduled(Machine3HostnameOnly));

        Assert.Equal(StatusView.Of([M3], []), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task MachineUp_AfterDown_PrunesMachineThenEmptyWindowsThenSchedule()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, Schedule(Window(M1, M2), Window(M3))));

        Replies.AssertOk(await master.PostAsync(DownPath, List(M3)));
        Replies.AssertOk(await master.PostAsync(UpPath, List(M3)));
        Assert.Equal(Schedule(Window(M1, M2)), await master.ScheduleAsync());

        Replies.AssertOk(await master.PostAsync(DownPath, List(M1, M2)));
        Replies.AssertOk(await master.PostAsync(UpPath, List(M1, M2)));
        Assert.Equal(new MaintenanceSnapshot("{}", "{}"), await master.SnapshotAsync());
    }

    [Fact]
    public async Task MachineUp_OneOfTwoInWindow_LeavesOtherMachineInWindow()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync(SchedulePath, Schedule(Window(M1, M2), Window(M3))));

        Replies.AssertOk(await master.PostAsync(DownPath, List(M1)));
        Replies.AssertOk(await master.PostAsync(UpPath, List(M1)));

        Assert.Equal(Schedule(Window(M2), Window(M3)), await master.ScheduleAsync());
    }

    [Fact]
    public async Task MaintenanceStatus_ThroughScheduleDownUp_ListsDrainingAndDownMachines()
    {
        await using var master = await MasterSession.StartAsync();
        Assert.Equal("{}", await master.StatusAsync());

        Replies.AssertOk(await master.PostAsync(SchedulePath, ScheduleOf(M1, M2)));
        Assert.Equal(StatusView.Of([M1, M2], []), StatusView.Parse(await master.StatusAsync()));

        Replies.AssertOk(await master.PostAsync(DownPath, List(M1)));
        Assert.Equal(StatusView.Of([M2], [M1]), StatusView.Parse(await master.StatusAsync()));
        Assert.Equal(
            """{"draining_machines":[{"id":{"ip":"0.0.0.2"}}],"down_machines":[{"hostname":"Machine1"}]}""",
            await master.StatusAsync());

        Replies.AssertOk(await master.PostAsync(UpPath, List(M1)));
        Assert.Equal("""{"draining_machines":[{"id":{"ip":"0.0.0.2"}}]}""", await master.StatusAsync());
    }
}

using Drydock.Cli.Commands.Maintenance;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Tests.Commands.Maintenance;

public sealed class ScheduleWarningsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 21, 0, 0, TimeSpan.Zero);

    private static MaintenanceWindow Window(DateTimeOffset start, TimeSpan? duration, params MachineId[] machines) =>
        new(machines, new Unavailability(TimeInfo.From(start), duration is { } d ? DurationInfo.From(d) : null));

    [Fact]
    public void For_MachineOfAKnownAgent_WarnsNothing()
    {
        var agents = new[] { new MachineId("agent-1", "10.0.0.1") };

        Assert.Empty(ScheduleWarnings.For([Window(Now.AddMinutes(1), TimeSpan.FromHours(1), new MachineId("AGENT-1", "10.0.0.1"))], agents, Now));
    }

    [Theory]
    [InlineData("agent-1", "10.0.0.2")]
    [InlineData("agent-2", "10.0.0.1")]
    [InlineData("agent-1", null)]
    public void For_MachineMatchingNoAgent_WarnsNamingIt(string host, string? ip)
    {
        var agents = new[] { new MachineId("agent-1", "10.0.0.1") };
        var machine = new MachineId(host, ip);

        var warning = Assert.Single(ScheduleWarnings.For([Window(Now, null, machine)], agents, Now));

        Assert.Contains(machine.ToJson(), warning, StringComparison.Ordinal);
    }

    [Fact]
    public void For_WindowEndedBeforeNow_Warns()
    {
        var agents = new[] { new MachineId("a", "10.0.0.1") };

        var warning = Assert.Single(ScheduleWarnings.For([Window(Now.AddHours(-2), TimeSpan.FromHours(1), agents[0])], agents, Now));

        Assert.Contains("ended before now", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void For_WindowStartedInThePastStillOpen_WarnsNothing()
    {
        var agents = new[] { new MachineId("a", "10.0.0.1") };

        Assert.Empty(ScheduleWarnings.For([Window(Now.AddHours(-2), TimeSpan.FromHours(3), agents[0]), Window(Now.AddYears(-1), null, agents[0])], agents, Now));
    }

    [Fact]
    public void For_HugeStartAndDuration_DoesNotOverflow()
    {
        var agents = new[] { new MachineId("a", "10.0.0.1") };
        var window = new MaintenanceWindow(agents, new Unavailability(new TimeInfo(long.MaxValue), new DurationInfo(long.MaxValue)));

        Assert.Empty(ScheduleWarnings.For([window], agents, Now));
    }

    [Fact]
    public void KnownMachines_GetAgentsReply_HostnameAndPidIp()
    {
        const string reply = """{"type":"GET_AGENTS","get_agents":{"agents":[{"agent_info":{"hostname":"agent-1"},"pid":"slave(1)@10.0.0.1:5051"}]}}""";

        Assert.Equal([new MachineId("agent-1", "10.0.0.1")], ScheduleWarnings.KnownMachines(reply));
    }
}

using Drydock.Cli.Commands.Maintenance;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Tests;

public sealed class ScheduleEditsTests
{
    [Fact]
    public void Without_LastMachine_DropsWindowKeepsOthers()
    {
        var a = new MachineId("a", "10.0.0.1");
        var b = new MachineId("b", "10.0.0.2");
        var c = new MachineId("c", "10.0.0.3");
        var u = new Unavailability(new TimeInfo(1));
        var schedule = new MaintenanceSchedule([new([a, b], u), new([c], u)]);

        var edited = ScheduleEdits.Without(schedule, [new MachineId("C", "10.0.0.3"), a]);

        var window = Assert.Single(edited.Windows);
        Assert.Equal([b], window.MachineIds);
    }
}

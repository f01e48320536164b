using Drydock.Master.Persistence;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Tests.Persistence;

public sealed class RegistryOperationTests
{
    private static readonly MachineId A = new("a", "10.0.0.1");
    private static readonly MachineId B = new("b", "10.0.0.2");
    private static readonly MachineId C = new("c", "10.0.0.3");
    private static readonly Unavailability First = new(new TimeInfo(100), new DurationInfo(10));
    private static readonly Unavailability Second = new(new TimeInfo(200));

    [Fact]
    public void UpdateSchedule_NewMachines_BecomeDraining()
    {
        var state = new UpdateScheduleOperation(new([new([A, B], First)])).Apply(DurableState.Empty);

        Assert.Equal(MachineMode.DRAINING, state.ModeOf(A));
        Assert.Equal(First, state.Machines[B].Unavailability);
        Assert.Equal(MachineMode.UP, state.ModeOf(C));
    }

    [Fact]
    public void UpdateSchedule_DownMachine_KeepsModeTakesNewWindow()
    {
        var state = new UpdateScheduleOperation(new([new([A, B], First)])).Apply(DurableState.Empty);
        state = new StartMaintenanceOperation([A]).Apply(state);

        state = new UpdateScheduleOperation(new([new([A], Second)])).Apply(state);

        Assert.Equal(MachineMode.DOWN, state.ModeOf(A));
        Assert.Equal(Second, state.Machines[A].Unavailability);
        Assert.Equal(MachineMode.UP, state.ModeOf(B));
    }

    [Fact]
    public void StopMaintenance_LastMachineOfWindow_DropsWindow()
    {
        var state = new UpdateScheduleOperation(new([new([A, B], First), new([C], Second)])).Apply(DurableState.Empty);
        state = new StartMaintenanceOperation([C]).Apply(state);

        state = new StopMaintenanceOperation([C]).Apply(state);

        var window = Assert.Single(state.Schedule.Windows);
        Assert.Equal([A, B], window.MachineIds);
        Assert.Equal(MachineMode.UP, state.ModeOf(C));
    }

    [Fact]
    public void StopMaintenance_Everything_LeavesEmptySchedule()
    {
        var state = new UpdateScheduleOperation(new([new([A], First)])).Apply(DurableState.Empty);
        state = new StartMaintenanceOperation([A]).Apply(state);

        state = new StopMaintenanceOperation([A]).Apply(state);

        Assert.Empty(state.Schedule.Windows);
        Assert.Empty(state.Machines);
    }
}

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// One master shared by the tests of a class, whose schedule is one window holding M2, so M2 is DRAINING. Tests
/// using it send only requests that must be refused, and check that the state is still <see cref="Baseline"/>.
/// </summary>
public sealed class DrainingMasterFixture : IAsyncLifetime
{
    internal MasterSession Session { get; private set; } = null!;

    internal MaintenanceSnapshot Baseline { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Session = await MasterSession.StartAsync();
        Replies.AssertOk(await Session.PostAsync("maintenance/schedule", Bodies.ScheduleOf(Bodies.M2)));
        Baseline = await Session.SnapshotAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Session is not null)
        {
            await Session.DisposeAsync();
        }
    }
}

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// One master shared by the tests of a class, in the <see cref="MixedModesBaseline"/> state. Tests using it send
/// only requests that must be refused, and check that the state is still <see cref="Baseline"/>.
/// </summary>
public sealed class MixedModesMasterFixture : IAsyncLifetime
{
    internal MasterSession Session { get; private set; } = null!;

    internal MaintenanceSnapshot Baseline { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Session = await MasterSession.StartAsync();
        Baseline = await MixedModesBaseline.ApplyAsync(Session);
    }

    public async ValueTask DisposeAsync()
    {
        if (Session is not null)
        {
            await Session.DisposeAsync();
        }
    }
}

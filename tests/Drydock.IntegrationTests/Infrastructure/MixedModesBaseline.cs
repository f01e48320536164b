using static Drydock.IntegrationTests.Infrastructure.Bodies;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A maintenance state with every mode in it: windows [M1, M2] and [M3], with M1 DOWN and M2, M3 DRAINING. Because
/// M1 is DOWN, most schedules a request could post are refused (M1 cannot be dropped).
/// </summary>
internal static class MixedModesBaseline
{
    public static string Schedule { get; } = Bodies.Schedule(Window(M1, M2), Window([M3], Start + Hour, null));

    public static async Task<MaintenanceSnapshot> ApplyAsync(MasterSession master)
    {
        Replies.AssertOk(await master.PostAsync("maintenance/schedule", Schedule));
        Replies.AssertOk(await master.PostAsync("machine/down", List(M1)));
        var snapshot = await master.SnapshotAsync();
        Assert.Equal(StatusView.Of([M2, M3], [M1]), StatusView.Parse(snapshot.Status));
        return snapshot;
    }
}

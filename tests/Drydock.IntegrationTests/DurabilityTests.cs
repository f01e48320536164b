using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.Bodies;

namespace Drydock.IntegrationTests;

/// <summary>
/// Every maintenance change is durable once it is answered (spec 1.9): a master killed with SIGKILL right after
/// the reply and restarted on the same work dir serves the same schedule and modes, under a new master id.
/// </summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Restart_AfterKillWithDownMachine_ServesIdenticalScheduleAndStatus()
    {
        var workDir = Directory.CreateTempSubdirectory("drydock-durability-");
        try
        {
            MaintenanceSnapshot before;
            string firstId;
            await using (var first = await MasterSession.StartAsync(workDir.FullName))
            {
                Replies.AssertOk(await first.PostAsync("maintenance/schedule", Schedule(Window(M1, M2), Window([M3], Start + Hour, null))));
                Replies.AssertOk(await first.PostAsync("machine/down", List(M1)));
                before = await first.SnapshotAsync();
                firstId = await StateIdAsync(first);
                await first.Process.KillAsync();
            }

            await using var second = await MasterSession.StartAsync(workDir.FullName);

            Assert.Equal(before, await second.SnapshotAsync());
            Assert.Equal(StatusView.Of([M2, M3], [M1]), StatusView.Parse(before.Status));
            var secondId = await StateIdAsync(second);
            Assert.NotEqual(firstId, secondId);
            Assert.True(Guid.TryParse(secondId, out _), secondId);

            // M1 is still DOWN: it cannot be dropped, nor brought down again, but it can be brought up.
            Replies.AssertBadRequest(await second.PostAsync("maintenance/schedule", ScheduleOf(M2, M3)), CannotRemoveDown(M1));
            Replies.AssertBadRequest(await second.PostAsync("machine/down", List(M1)), NotDraining(M1));
            Assert.Equal(before, await second.SnapshotAsync());
            Replies.AssertOk(await second.PostAsync("machine/up", List(M1)));
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Restart_AfterUpThenKill_MachineIsUpAndGoneFromSchedule()
    {
        var workDir = Directory.CreateTempSubdirectory("drydock-durability-");
        try
        {
            MaintenanceSnapshot before;
            await using (var first = await MasterSession.StartAsync(workDir.FullName))
            {
                Replies.AssertOk(await first.PostAsync("maintenance/schedule", ScheduleOf(M1, M2, M3)));
                Replies.AssertOk(await first.PostAsync("machine/down", List(M1, M3)));
                Replies.AssertOk(await first.PostAsync("machine/up", List(M1)));
                before = await first.SnapshotAsync();
                await first.Process.KillAsync();
            }

            await using var second = await MasterSession.StartAsync(workDir.FullName);

            Assert.Equal(before, await second.SnapshotAsync());
            Assert.Equal(ScheduleOf(M2, M3), before.Schedule);
            Assert.Equal(StatusView.Of([M2], [M3]), StatusView.Parse(before.Status));

            // M1 is UP: neither DOWN (so it cannot be brought up) nor scheduled.
            Replies.AssertBadRequest(await second.PostAsync("machine/up", List(M1)), NotScheduled(M1));
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Restart_AfterClearingScheduleThenKill_ScheduleStaysEmpty()
    {
        var workDir = Directory.CreateTempSubdirectory("drydock-durability-");
        try
        {
            await using (var first = await MasterSession.StartAsync(workDir.FullName))
            {
                Replies.AssertOk(await first.CallAsync(V1Update(ScheduleOf(M1, M2))));
                Replies.AssertOk(await first.CallAsync(V1Update("{}")));
                await first.Process.KillAsync();
            }

            await using var second = await MasterSession.StartAsync(workDir.FullName);

            Assert.Equal(new MaintenanceSnapshot("{}", "{}"), await second.SnapshotAsync());
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }

    private static async Task<string> StateIdAsync(MasterSession master)
    {
        var state = JsonNode.Parse(Replies.AssertJson(await master.GetAsync("state")))!;
        var id = (string?)state["id"];
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(master.Process.Id, id);
        return id;
    }
}

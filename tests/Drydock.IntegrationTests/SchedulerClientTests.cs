using Drydock.Client;
using Drydock.Client.Scheduler;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.IntegrationTests;

/// <summary>Drydock.Client's scheduler client against a real master and agent: the calls, their events, and a session's life.</summary>
public sealed class SchedulerClientTests : IDisposable
{
    private const string Resources = "cpus:2;mem:1024;disk:1000;ports:[31000-31009]";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-client-");

    public void Dispose() => _root.Delete(recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static FrameworkInfo Info(string name) => new()
    {
        User = "root",
        Name = name,
        FailoverTimeoutSeconds = 3600,
        Checkpoint = true,
        Roles = ["*"],
        Capabilities = [FrameworkCapability.PartitionAware, FrameworkCapability.MultiRole],
    };

    private async Task<(MasterProcess Master, AgentProcess Agent, string AgentId)> ClusterAsync(string ip, string hostname)
    {
        var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--heartbeat-interval", "1s");
        var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, hostname), ip, hostname, ["--resources", Resources]);
        return (master, agent, await agent.WaitRegisteredAsync());
    }

    /// <summary>The next event that is a <typeparamref name="T"/> matching <paramref name="match"/>; updates passed over are acknowledged.</summary>
    private static async Task<T> NextAsync<T>(SchedulerSubscription subscription, IAsyncEnumerator<SchedulerStreamEvent> events, Func<T, bool>? match = null, TimeSpan? within = null)
        where T : SchedulerStreamEvent
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var next = events.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(deadline - DateTime.UtcNow, Token)) != next || !await next)
            {
                break;
            }

            if (events.Current is T wanted && (match is null || match(wanted)))
            {
                return wanted;
            }

            if (events.Current is StatusUpdate { NeedsAcknowledgement: true } passed)
            {
                await subscription.AcknowledgeAsync(passed, Token);
            }
        }

        throw new TimeoutException($"No {typeof(T).Name} in time");
    }

    /// <summary>The events of the next <paramref name="span"/> (heartbeats come every second, so the read never waits long).</summary>
    private static async Task<List<SchedulerStreamEvent>> EventsForAsync(IAsyncEnumerator<SchedulerStreamEvent> events, TimeSpan span)
    {
        var seen = new List<SchedulerStreamEvent>();
        var until = DateTime.UtcNow + span;
        while (DateTime.UtcNow < until && await events.MoveNextAsync())
        {
            seen.Add(events.Current);
        }

        return seen;
    }

    private static TaskInfo TypedTask(string id, OfferMessage offer, string command, long port) => new(id, id, offer.AgentId, [
        new Resource("cpus", Value.OfScalar(0.25)),
        new Resource("mem", Value.OfScalar(32)),
        new Resource("ports", Value.OfRanges([new ValueRange(port, port)])),
    ])
    {
        Command = new CommandInfo(command) { Environment = new Dictionary<string, string> { ["GREETING"] = "hello" } },
        KillGracePeriod = TimeSpan.FromSeconds(2),
        Labels = [new Label("owner", "client-test")],
        Discovery = new DiscoveryInfo { Name = id, Ports = [new DiscoveryPort((int)port) { Name = "http", Protocol = "tcp" }] },
        AllocationRole = offer.Role,
    };

    [Fact]
    public async Task Launch_TypedTaskInfo_RunningAcknowledgedReconciledAndKilled()
    {
        var (master, agent, agentId) = await ClusterAsync("127.0.12.1", "client-agent-1");
        await using var m = master;
        await using var a = agent;
        using var client = new SchedulerClient(master.Url);
        await using var subscription = await client.SubscribeAsync(Info("client-launch"), Token);
        await using var events = subscription.ReadEventsAsync(Token).GetAsyncEnumerator(Token);

        var offer = (await NextAsync<OffersReceived>(subscription, events)).Offers.Single();
        var accepted = await subscription.AcceptAsync([offer.Id], [TypedTask("t1", offer, "echo \"$GREETING $PORT0\" > out.txt; sleep 60", 31003)], new Filters(0), Token);
        var running = await NextAsync<StatusUpdate>(subscription, events, u => u.Status is { TaskId: "t1", State: "TASK_RUNNING" });
        await subscription.AcknowledgeAsync(running, Token);
        var badUuid = await Assert.ThrowsAsync<SchedulerCallException>(() => subscription.AcknowledgeAsync(agentId, "t1", "not-a-uuid", Token));

        await subscription.ReconcileAsync([("t1", agentId)], Token);
        var explicitly = await NextAsync<StatusUpdate>(subscription, events, u => u.Status.Reason == "REASON_RECONCILIATION");
        await subscription.ReconcileAsync([], Token);
        var implicitly = await NextAsync<StatusUpdate>(subscription, events, u => u.Status.Reason == "REASON_RECONCILIATION");
        await subscription.KillAsync("t1", agentId, TimeSpan.FromSeconds(1), Token);
        var killed = await NextAsync<StatusUpdate>(subscription, events, u => u.Status is { TaskId: "t1", State: "TASK_KILLED" });

        Assert.Equal(agentId, offer.AgentId);
        Assert.Equal(("client-agent-1", "127.0.12.1", "*"), (offer.Hostname, offer.AgentIp, offer.Role));
        Assert.Contains(offer.Resources, r => r.Name == "ports" && r.Value.Ranges.SequenceEqual([new ValueRange(31000, 31009)]));
        Assert.Equal(2, offer.Resources.Single(r => r.Name == "cpus").Value.Scalar);
        Assert.Equal(("ACCEPT", System.Net.HttpStatusCode.Accepted), (accepted.Type, accepted.Status));
        Assert.Equal((agentId, "SOURCE_EXECUTOR", true), (running.Status.AgentId, running.Status.Source, running.NeedsAcknowledgement));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badUuid.Status);
        Assert.Equal("Failed to validate scheduler::Call: Not a valid UUID", badUuid.MasterText);
        Assert.Equal(("t1", "TASK_RUNNING", "SOURCE_MASTER", false), (explicitly.Status.TaskId, explicitly.Status.State, explicitly.Status.Source, explicitly.NeedsAcknowledgement));
        Assert.Equal(("t1", "TASK_RUNNING"), (implicitly.Status.TaskId, implicitly.Status.State));
        Assert.Equal(agentId, killed.Status.AgentId);
        var outFile = Directory.EnumerateFiles(Path.Combine(_root.FullName, "client-agent-1", "slaves"), "out.txt", SearchOption.AllDirectories).First(f => !f.Contains("/latest/", StringComparison.Ordinal));
        Assert.Equal("hello 31003\n", await File.ReadAllTextAsync(outFile, Token));
    }

    [Fact]
    public async Task DeclineWithFilterSuppressRevive_OffersStopAndComeBack()
    {
        var (master, agent, _) = await ClusterAsync("127.0.12.2", "client-agent-2");
        await using var m = master;
        await using var a = agent;
        using var client = new SchedulerClient(master.Url);
        await using var subscription = await client.SubscribeAsync(Info("client-offers"), Token);
        await using var events = subscription.ReadEventsAsync(Token).GetAsyncEnumerator(Token);

        var offer = (await NextAsync<OffersReceived>(subscription, events)).Offers.Single();
        await subscription.DeclineAsync([offer.Id], new Filters(3600), Token);
        var whileFiltered = await EventsForAsync(events, TimeSpan.FromSeconds(1.5));
        await subscription.ReviveAsync(cancellationToken: Token);
        var revived = (await NextAsync<OffersReceived>(subscription, events)).Offers.Single();
        await subscription.SuppressAsync(["*"], Token);
        await subscription.DeclineAsync([revived.Id], new Filters(0), Token);
        var whileSuppressed = await EventsForAsync(events, TimeSpan.FromSeconds(1.5));
        await subscription.ReviveAsync(["*"], Token);
        var again = await NextAsync<OffersReceived>(subscription, events);

        Assert.DoesNotContain(whileFiltered, e => e is OffersReceived);
        Assert.Contains(whileFiltered, e => e is HeartbeatReceived);
        Assert.NotEqual(offer.Id, revived.Id);
        Assert.DoesNotContain(whileSuppressed, e => e is OffersReceived);
        Assert.Equal(offer.AgentId, again.Offers.Single().AgentId);
    }

    [Fact]
    public async Task InverseOffers_DeclineThenAccept_RecordedInMaintenanceStatus()
    {
        var (master, agent, agentId) = await ClusterAsync("127.0.12.3", "client-agent-3");
        await using var m = master;
        await using var a = agent;
        using var client = new SchedulerClient(master.Url);
        using var operatorClient = new MasterClient(master.Url);
        await using var subscription = await client.SubscribeAsync(Info("client-inverse"), Token);
        await using var events = subscription.ReadEventsAsync(Token).GetAsyncEnumerator(Token);
        await NextAsync<OffersReceived>(subscription, events);

        var start = TimeInfo.From(DateTimeOffset.UtcNow.AddMinutes(1));
        var window = new Unavailability(start, DurationInfo.From(TimeSpan.FromMinutes(2)));
        await operatorClient.SetScheduleAsync(new MaintenanceSchedule([new MaintenanceWindow([new MachineId("client-agent-3", "127.0.12.3")], window)]), Token);
        var first = (await NextAsync<InverseOffersReceived>(subscription, events)).InverseOffers.Single();
        await subscription.DeclineInverseOffersAsync([first.Id], new Filters(0), Token);
        var declined = await operatorClient.GetStatusAsync(Token);
        var second = (await NextAsync<InverseOffersReceived>(subscription, events)).InverseOffers.Single();
        await subscription.AcceptInverseOffersAsync([second.Id], new Filters(0), Token);
        var accepted = await operatorClient.GetStatusAsync(Token);

        Assert.Equal((agentId, subscription.FrameworkId, "127.0.12.3", window), (first.AgentId, first.FrameworkId, first.AgentIp, first.Unavailability));
        var before = Assert.Single(Assert.Single(declined.DrainingMachines).Statuses);
        Assert.Equal((InverseOfferAnswer.DECLINE, subscription.FrameworkId), (before.Status, before.FrameworkId.Value));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(InverseOfferAnswer.ACCEPT, Assert.Single(Assert.Single(accepted.DrainingMachines).Statuses).Status);
    }

    [Fact]
    public async Task Session_MasterRestarts_ResubscribesWithTheSameFrameworkId()
    {
        var port = PortAllocator.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workDir = Path.Combine(_root.FullName, "master");
        Directory.CreateDirectory(workDir);
        var master = await MasterProcess.StartAsync(workDir, "--port", port, "--heartbeat-interval", "1s");
        try
        {
            using var client = new SchedulerClient(master.Url);
            await using var session = new SchedulerSession(client, Info("client-session"), new SchedulerSessionOptions { InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(1) });
            await using var events = session.RunAsync(Token).GetAsyncEnumerator(Token);
            Assert.True(await events.MoveNextAsync());
            var first = Assert.IsType<Subscribed>(events.Current);

            await master.KillAsync();
            await master.DisposeAsync();
            master = await MasterProcess.StartAsync(workDir, "--port", port, "--heartbeat-interval", "1s");
            var seen = new List<SchedulerStreamEvent>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && await events.MoveNextAsync())
            {
                seen.Add(events.Current);
                if (events.Current is Subscribed)
                {
                    break;
                }
            }

            var again = Assert.IsType<Subscribed>(seen[^1]);
            Assert.Contains(seen, e => e is SubscriptionLost);
            Assert.Equal(first.FrameworkId, again.FrameworkId);
            Assert.Equal(first.FrameworkId, session.FrameworkId);
            Assert.Equal(first.FrameworkId, session.Current!.FrameworkId);
        }
        finally
        {
            await master.DisposeAsync();
        }
    }

    [Fact]
    public async Task Session_TornDown_ErrorSurfacedAndNoRetry()
    {
        await using var master = await MasterProcess.StartAsync(null, "--heartbeat-interval", "1s");
        using var client = new SchedulerClient(master.Url);
        using var operatorClient = new MasterClient(master.Url);

        await using var removed = new SchedulerSession(client, Info("client-removed"));
        var byOperator = new List<SchedulerStreamEvent>();
        await foreach (var e in removed.RunAsync(Token))
        {
            byOperator.Add(e);
            if (e is Subscribed subscribed)
            {
                await operatorClient.TeardownFrameworkAsync(subscribed.FrameworkId, Token);
            }
        }

        await using var own = new SchedulerSession(client, Info("client-own-teardown"));
        var byItself = new List<SchedulerStreamEvent>();
        await foreach (var e in own.RunAsync(Token))
        {
            byItself.Add(e);
            if (e is Subscribed)
            {
                await own.TeardownAsync(Token);
            }
        }

        var refused = await Assert.ThrowsAsync<SchedulerErrorException>(() => client.SubscribeAsync(Info("client-own-teardown") with { Id = own.FrameworkId }, Token));

        Assert.IsType<Subscribed>(byOperator[0]);
        Assert.Equal(new MasterError("Framework has been removed"), byOperator[^1]);
        Assert.DoesNotContain(byOperator, e => e is SubscriptionLost);
        Assert.IsType<Subscribed>(Assert.Single(byItself, e => e is not HeartbeatReceived));
        Assert.Equal("Framework has been removed", refused.MasterMessage);
    }
}

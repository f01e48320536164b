using System.Threading.Channels;
using Drydock.Master.Frameworks;
using Drydock.Master.Metrics;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Drain;

/// <summary>
/// DRAIN_AGENT (Mesos 1.9). The drain is stored durably with the agent, which is deactivated (no offers, no inverse
/// offers) and told to kill every task; an agent that is away is told when it comes back. Once the master holds no task
/// on the agent (each terminal update acknowledged by its framework), the drain is DRAINED, or with <c>mark_gone</c> the
/// agent is marked gone instead. A drain ends only when the operator reactivates the agent after it is DRAINED.
/// </summary>
internal sealed partial class DrainService(
    Registrar registrar,
    AgentRegistry agents,
    TaskBook tasks,
    FrameworkRegistry frameworks,
    LoopHealth health,
    TimeProvider time,
    ILogger<DrainService> logger) : BackgroundService
{
    /// <summary>How often every unfinished drain is checked again, whatever the events said.</summary>
    private const string Loop = "drain";

    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(10);

    private readonly Channel<string> _check = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Starts (or re-configures) a drain. Refused with Mesos's texts: an agent whose machine is in the maintenance
    /// schedule, an agent that cannot drain, and an agent the registry does not hold (gone ones included).
    /// </summary>
    public async Task<AgentCallResult> DrainAsync(string agentId, long? maxGracePeriodNanoseconds, bool markGone, CancellationToken cancellationToken)
    {
        var registered = agents.Agents.GetValueOrDefault(agentId);
        DrainInfo? drain = null;
        var error = await registrar.TryApplyAsync(
            state =>
            {
                if (registered is not null && state.Schedule.Machines.FirstOrDefault(m => m == registered.Machine) is { } scheduled)
                {
                    return Decision.Refuse($"Agent {agentId} is part of a maintenance schedule under Machine {scheduled.ToJson()}");
                }

                if (registered is not null && !registered.Capabilities.Contains(AgentCapabilities.Draining))
                {
                    return Decision.Refuse($"Agent {agentId} is not capable of draining");
                }

                if (state.Find(agentId) is null)
                {
                    return Decision.Refuse("Unknown agent");
                }

                drain = new DrainInfo(DrainState.DRAINING, maxGracePeriodNanoseconds, markGone, time.GetUtcNow());
                return Decision.Apply(new DrainAgentOperation(agentId, drain));
            },
            cancellationToken);
        if (error is not null)
        {
            return AgentCallResult.BadRequest(error);
        }

        // The drain is durable: what follows does not depend on the caller staying (an agent that does not hear it now
        // is told when it re-registers).
        LogDraining(agentId, maxGracePeriodNanoseconds, markGone);
        agents.RaiseUpdated(agentId);
        try
        {
            await agents.SendAsync(agentId, AgentRegistry.DrainMessage(drain!), CancellationToken.None);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
        {
            LogSendFailed(agentId, e.Message);
        }

        Check(agentId);
        return AgentCallResult.Ok;
    }

    /// <summary>Asks whether a draining agent is done; cheap for agents that are not draining.</summary>
    public void Check(string agentId)
    {
        if (registrar.Current.Agents.TryGetValue(agentId, out var agent) && Unfinished(agent.Drain))
        {
            _check.Writer.TryWrite(agentId);
        }
    }

    /// <summary>A drain still to finish: DRAINING, or (after an interrupted finish) DRAINED but still to be marked gone.</summary>
    private static bool Unfinished(DrainInfo? drain) => drain is { State: DrainState.DRAINING } or { MarkGone: true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Events say when to look; every Recheck all unfinished drains are looked at anyway, so one whose
                // finishing write failed, or whose event was missed, is not stuck.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(Recheck);
                try
                {
                    await _check.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    foreach (var agent in registrar.Current.Agents.Values.Where(a => Unfinished(a.Drain)))
                    {
                        _check.Writer.TryWrite(agent.Id);
                    }
                }

                // One pass over the agents asked about is one cycle: it failed if any agent's check failed (that agent is
                // checked again at the next Recheck at the latest); the others are checked all the same.
                Exception? failed = null;
                var checkedAny = false;
                while (_check.Reader.TryRead(out var agentId))
                {
                    checkedAny = true;
                    try
                    {
                        await FinishIfDoneAsync(agentId, stoppingToken);
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        failed ??= e;
                        LogCheckFailed(agentId, e);
                    }
                }

                if (failed is not null)
                {
                    health.Failed(Loop, failed);
                }
                else if (checkedAny)
                {
                    health.Succeeded(Loop);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A drain is done when the agent is registered and connected (it has reported its tasks) and the master holds no
    /// task on it: every task ended and its end was acknowledged. Not waited for: tasks the master itself declared lost
    /// or gone (the agent did not report them), and ended tasks of frameworks that are no longer subscribed; no update
    /// of theirs will ever be acknowledged. With <c>mark_gone</c> the agent is then marked gone instead of DRAINED.
    /// </summary>
    private async Task FinishIfDoneAsync(string agentId, CancellationToken cancellationToken)
    {
        var subscribed = frameworks.Frameworks;
        if (!agents.Agents.TryGetValue(agentId, out var registered) || !registered.Connected
            || tasks.OnAgent(agentId).Any(t => !t.MasterVerdict && !(TaskBook.IsTerminal(t.State) && !subscribed.ContainsKey(t.FrameworkId))))
        {
            return;
        }

        if (registrar.Current.Agents.TryGetValue(agentId, out var held) && held.Drain is { MarkGone: true })
        {
            LogDrained(agentId);
            await agents.MarkGoneAsync(agentId, cancellationToken);
            return;
        }

        DrainInfo? drained = null;
        await registrar.TryApplyAsync(
            state =>
            {
                if (!state.Agents.TryGetValue(agentId, out var agent) || agent.Drain is not { State: DrainState.DRAINING } drain)
                {
                    return Decision.Refuse("not draining");
                }

                drained = drain with { State = DrainState.DRAINED };
                return Decision.Apply(new DrainAgentOperation(agentId, drained));
            },
            cancellationToken);
        if (drained is not null)
        {
            LogDrained(agentId);
            // Nothing of the master's is left to kill: the agent stops refusing launches (it stays deactivated, so it is
            // offered only after REACTIVATE_AGENT, which tells it again).
            await agents.TrySendAsync(agentId, AgentRegistry.DrainEndedMessage);
            agents.RaiseUpdated(agentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining agent {AgentId} (max grace period {GraceNanoseconds} ns, mark gone {MarkGone})")]
    private partial void LogDraining(string agentId, long? graceNanoseconds, bool markGone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} is DRAINED")]
    private partial void LogDrained(string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell agent {AgentId} to drain (it is told again when it re-registers): {Error}")]
    private partial void LogSendFailed(string agentId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not finish the drain of agent {AgentId}; it is checked again")]
    private partial void LogCheckFailed(string agentId, Exception exception);
}

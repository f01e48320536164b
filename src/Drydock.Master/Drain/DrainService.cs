using System.Threading.Channels;
using Drydock.Master.Frameworks;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Drain;

/// <summary>
/// DRAIN_AGENT (Mesos 1.9). The drain is stored durably with the agent, which is deactivated (no offers, no inverse
/// offers) and told to kill every task; an agent that is away is told when it comes back. Once the master holds no task
/// on the agent (each terminal update acknowledged by its framework), the drain is DRAINED, and with <c>mark_gone</c>
/// the agent is marked gone. A drain ends only when the operator reactivates the agent after it is DRAINED.
/// </summary>
internal sealed partial class DrainService(
    Registrar registrar,
    AgentRegistry agents,
    TaskBook tasks,
    TimeProvider time,
    ILogger<DrainService> logger) : BackgroundService
{
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

        LogDraining(agentId, maxGracePeriodNanoseconds, markGone);
        agents.RaiseUpdated(agentId);
        await agents.SendAsync(agentId, AgentRegistry.DrainMessage(drain!), cancellationToken);
        Check(agentId);
        return AgentCallResult.Ok;
    }

    /// <summary>Asks whether a draining agent is done; cheap for agents that are not draining.</summary>
    public void Check(string agentId)
    {
        if (registrar.Current.Agents.TryGetValue(agentId, out var agent) && agent.Drain is { State: DrainState.DRAINING })
        {
            _check.Writer.TryWrite(agentId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var agentId in _check.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await FinishIfDoneAsync(agentId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckFailed(agentId, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A drain is done when the agent is registered and connected (it has reported its tasks) and the master holds no
    /// task on it: every task ended and its end was acknowledged. Tasks the master itself declared lost or gone (the
    /// agent did not report them) are not waited for: no update of theirs will ever be acknowledged.
    /// </summary>
    private async Task FinishIfDoneAsync(string agentId, CancellationToken cancellationToken)
    {
        if (!agents.Agents.TryGetValue(agentId, out var registered) || !registered.Connected || tasks.OnAgent(agentId).Any(t => !t.MasterVerdict))
        {
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
        if (drained is null)
        {
            return;
        }

        LogDrained(agentId);
        agents.RaiseUpdated(agentId);
        if (drained.MarkGone)
        {
            await agents.MarkGoneAsync(agentId, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining agent {AgentId} (max grace period {GraceNanoseconds} ns, mark gone {MarkGone})")]
    private partial void LogDraining(string agentId, long? graceNanoseconds, bool markGone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} is DRAINED")]
    private partial void LogDrained(string agentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not finish the drain of agent {AgentId}: {Error}")]
    private partial void LogCheckFailed(string agentId, string error);
}

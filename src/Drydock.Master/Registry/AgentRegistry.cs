using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Resources;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Registry;

/// <summary>
/// The agents the master knows. One writer at a time (registration, re-registration, removal, health) publishes an
/// immutable map that readers use without locks. Admission and removal are written to the durable registry before
/// the agent is told anything.
/// </summary>
internal sealed partial class AgentRegistry(
    Registrar registrar,
    MasterIdentity identity,
    RegistryOptions options,
    TimeProvider time,
    ILogger<AgentRegistry> logger) : IDisposable
{
    public const uint ProtocolVersion = 1;

    private const string GoneMessage = "Agent has been marked gone";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingRegistration> _registrations = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IAgentConnection, string> _owners = new(ReferenceEqualityComparer.Instance);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _pids = new(StringComparer.Ordinal);
    private readonly RemovalRateLimiter _limiter = new(options.AgentRemovalRateLimit);
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private volatile ImmutableDictionary<string, RegisteredAgent> _agents = ImmutableDictionary<string, RegisteredAgent>.Empty;
    private int _nextAgentNumber;

    public ImmutableDictionary<string, RegisteredAgent> Agents => _agents;

    /// <summary>Raised after an agent was removed (its id, hostname, and the reason), for the rooms that track its tasks.</summary>
    public event Action<string, string, string>? Removed;

    /// <summary>Raised after an agent registered or re-registered, with how the master now sees it.</summary>
    public event Action<RegisteredAgent>? Added;

    /// <summary>Raised when an agent's connection broke (its id).</summary>
    public event Action<string>? Disconnected;

    /// <summary>Raised after agents were marked unreachable (id, hostname, when, why).</summary>
    public event Action<string, string, DateTimeOffset, string>? MarkedUnreachable;

    /// <summary>Raised when an agent re-registered, before it is told so, with the tasks it reports.</summary>
    public event Action<AgentReturn>? Returned;

    /// <summary>Raised after an agent was marked gone (its id and hostname); it was registered or unreachable before.</summary>
    public event Action<string, string>? MarkedGone;

    /// <summary>Raised after an agent's durable marks changed (deactivated, drain), with its id.</summary>
    public event Action<string>? Updated;

    /// <summary>Agents admitted by an earlier master run that have not re-registered with this one.</summary>
    public IEnumerable<AdmittedAgent> Recovered =>
        registrar.Current.Agents.Values.Where(a => !_agents.ContainsKey(a.Id));

    /// <summary>
    /// A new agent registers. Registrations that arrive while another is being written wait for the writer's gate and
    /// are then admitted together, in one durable write: registering many agents costs a disk flush per batch, not per
    /// agent.
    /// </summary>
    public async Task RegisterAsync(AgentDescription description, IAgentConnection connection, CancellationToken cancellationToken)
    {
        var mine = new PendingRegistration(description, connection);
        _registrations.Enqueue(mine);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The channel ended while waiting: a later batch must not admit it on a dead connection.
            mine.Abandoned = true;
            throw;
        }

        try
        {
            if (mine.Taken)
            {
                // An earlier holder of the gate admitted it with its own batch.
                return;
            }

            var batch = new List<PendingRegistration>();
            while (_registrations.TryDequeue(out var next))
            {
                next.Taken = true;
                if (!next.Abandoned)
                {
                    batch.Add(next);
                }
            }

            // The batch is everyone's, not this channel's: it does not stop when this caller goes away.
            await RegisterBatchLockedAsync(batch, CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RegisterBatchLockedAsync(List<PendingRegistration> batch, CancellationToken cancellationToken)
    {
        // One entry per address: a later registration from the same address (a retry on a new channel) replaces an
        // earlier one in the same batch; the same channel twice is answered once.
        var admitted = new List<(PendingRegistration Registration, AdmittedAgent Agent, string Pid)>();
        var slotOfPid = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var registration in batch)
        {
            var (description, connection) = (registration.Description, registration.Connection);
            try
            {
                if (!TryReadInfo(description, out var info))
                {
                    await ShutdownAsync(connection, "Invalid agent info", cancellationToken);
                    continue;
                }

                var machine = new MachineId(info.Hostname, description.Ip);
                if (registrar.Current.ModeOf(machine) == MachineMode.DOWN)
                {
                    LogRefusedDown(info.Hostname, description.Ip);
                    await ShutdownAsync(connection, "Machine is `DOWN`", cancellationToken);
                    continue;
                }

                var pid = Pid(description, info);
                if (slotOfPid.TryGetValue(pid, out var slot))
                {
                    if (!ReferenceEquals(admitted[slot].Registration.Connection, connection))
                    {
                        admitted[slot] = (registration, admitted[slot].Agent with { Info = info, Machine = machine }, pid);
                    }

                    continue;
                }

                if (AgentAt(pid) is { } existing)
                {
                    if (existing.Connected && ReferenceEquals(existing.Connection, connection))
                    {
                        await SendRegisteredAsync(connection, existing.Id, reregistered: false, cancellationToken);
                        continue;
                    }

                    await RemoveLockedAsync([existing.Id], "a new agent registered at the same address", shutdown: false, cancellationToken);
                }

                var id = string.Create(CultureInfo.InvariantCulture, $"{identity.Id}-S{Interlocked.Increment(ref _nextAgentNumber) - 1}");
                slotOfPid[pid] = admitted.Count;
                admitted.Add((registration, new AdmittedAgent(id, info, machine), pid));
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
            {
                // This agent's channel broke; the others in the batch go on.
            }
        }

        if (admitted.Count == 0)
        {
            return;
        }

        try
        {
            await ApplyAsync(admitted.Count == 1 ? new AdmitAgentOperation(admitted[0].Agent) : new AdmitAgentsOperation(admitted.Select(a => a.Agent).ToArray()), cancellationToken);
        }
        catch (RegistryUnavailableException)
        {
            // Not admitted: the agents reconnect and register again.
            foreach (var (registration, _, _) in admitted)
            {
                await registration.Connection.CloseAsync();
            }

            throw;
        }

        // Every admitted agent is published before any is told, so none is left admitted but unknown to the registry.
        var now = time.GetUtcNow();
        foreach (var (registration, agent, pid) in admitted)
        {
            var description = registration.Description;
            _agents = _agents.SetItem(agent.Id, new RegisteredAgent(agent.Id, agent.Info, agent.Machine, pid, description.Version, description.Capabilities.ToArray(), now, null, Connected: true)
            {
                Connection = registration.Connection,
            });
            _owners[registration.Connection] = agent.Id;
            _pids[pid] = agent.Id;
            LogRegistered(agent.Id, agent.Info.Hostname, description.Ip);
        }

        foreach (var (registration, agent, _) in admitted)
        {
            Raise(() => Added?.Invoke(_agents[agent.Id]));
            try
            {
                await SendRegisteredAsync(registration.Connection, agent.Id, reregistered: false, cancellationToken);
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
            {
                // Its channel broke meanwhile; the channel's end marks it disconnected, and it re-registers.
            }
        }
    }

    public Task ReregisterAsync(
        string agentId,
        AgentDescription description,
        IReadOnlyList<ReportedTask> tasks,
        IAgentConnection connection,
        CancellationToken cancellationToken) =>
        AdmitAsync(description, connection, async (info, machine, pid) =>
        {
            if (_agents.TryGetValue(agentId, out var current) && (current.Info.Hostname != info.Hostname || current.Pid != pid))
            {
                await ShutdownAsync(connection, "Agent attempted to reregister with different IP / hostname", cancellationToken);
                return;
            }

            var durable = registrar.Current;
            if (durable.Gone.ContainsKey(agentId))
            {
                LogRefusedGone(agentId);
                await ShutdownAsync(connection, GoneMessage, cancellationToken);
                return;
            }

            var past = current is not null ? AgentPast.Registered
                : durable.Agents.ContainsKey(agentId) ? AgentPast.Recovered
                : durable.Unreachable.ContainsKey(agentId) ? AgentPast.Unreachable
                : AgentPast.Unknown;
            if (past == AgentPast.Unknown)
            {
                LogUnknownReregister(agentId);
            }

            // An operator's deactivation and drain outlive disconnects, unreachability and master restarts. They are read
            // inside the registrar's decision, so a DRAIN_AGENT or DEACTIVATE_AGENT committed meanwhile is not undone.
            await registrar.TryApplyAsync(
                state =>
                {
                    var held = state.Find(agentId);
                    return state.Agents.TryGetValue(agentId, out var admitted) && admitted.Machine == machine && SameInfo(admitted.Info, info)
                        ? Decision.Refuse("unchanged")
                        : Decision.Apply(new AdmitAgentOperation(new AdmittedAgent(agentId, info, machine) { Deactivated = held?.Deactivated ?? false, Drain = held?.Drain }));
                },
                cancellationToken);

            if (current?.Connection is { } previous && !ReferenceEquals(previous, connection))
            {
                // The agent came back on a new channel before the old one was seen to break.
                await previous.CloseAsync();
            }

            Raise(() => Returned?.Invoke(new AgentReturn(agentId, info.Hostname, past, tasks, connection)));

            var now = time.GetUtcNow();
            _agents = _agents.SetItem(agentId, new RegisteredAgent(agentId, info, machine, pid, description.Version, description.Capabilities.ToArray(), current?.RegisteredTime ?? now, now, Connected: true)
            {
                Connection = connection,
            });
            _owners[connection] = agentId;
            _pids[pid] = agentId;
            LogReregistered(agentId, info.Hostname, description.Ip);
            Raise(() => Added?.Invoke(_agents[agentId]));
            await SendRegisteredAsync(connection, agentId, reregistered: true, cancellationToken);

            // Read after the new connection is published: a drain committed before this read is sent here, one committed
            // after it is sent by DRAIN_AGENT to this connection.
            if (registrar.Current.Find(agentId)?.Drain is { State: DrainState.DRAINING } drain)
            {
                // A drain outlives the agent's restarts and absences: it is told again each time it comes back.
                await connection.SendAsync(DrainMessage(drain), cancellationToken);
            }
            else
            {
                // An agent process that lived through a drain ended while it was away learns that it is over.
                await connection.SendAsync(DrainEndedMessage, cancellationToken);
            }
        }, cancellationToken);

    /// <summary>
    /// The checks every (re-)registration passes first, under the writer's gate: a readable agent info, and a
    /// machine that is not DOWN. Then <paramref name="admit"/> runs, still under the gate.
    /// </summary>
    private async Task AdmitAsync(
        AgentDescription description,
        IAgentConnection connection,
        Func<AgentInfo, MachineId, string, Task> admit,
        CancellationToken cancellationToken)
    {
        if (!TryReadInfo(description, out var info))
        {
            await ShutdownAsync(connection, "Invalid agent info", cancellationToken);
            return;
        }

        var machine = new MachineId(info.Hostname, description.Ip);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (registrar.Current.ModeOf(machine) == MachineMode.DOWN)
            {
                LogRefusedDown(info.Hostname, description.Ip);
                await ShutdownAsync(connection, "Machine is `DOWN`", cancellationToken);
                return;
            }

            await admit(info, machine, Pid(description, info));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// DEACTIVATE_AGENT / REACTIVATE_AGENT: stores the flag durably; a deactivated agent keeps its tasks but gets no
    /// offers or inverse offers. Refused with Mesos's texts for an agent the registry does not hold, or one that is not
    /// deactivated when reactivated.
    /// </summary>
    public async Task<string?> SetDeactivatedAsync(string agentId, bool deactivated, CancellationToken cancellationToken)
    {
        var error = await registrar.TryApplyAsync(
            state => state.Find(agentId) is not { } known ? Decision.Refuse("Unknown agent")
                : !deactivated && !known.Deactivated ? Decision.Refuse("Agent is not deactivated")
                : !deactivated && known.Drain is { State: DrainState.DRAINING } ? Decision.Refuse("Agent is still in the DRAINING state")
                : Decision.Apply(new SetAgentDeactivatedOperation(agentId, deactivated)),
            cancellationToken);
        if (error is null)
        {
            if (!deactivated)
            {
                // Before the agent can be offered again (offers follow on the same ordered channel), any drain of its
                // ends on the agent too, so it accepts the launches that come.
                await TrySendAsync(agentId, DrainEndedMessage);
            }

            RaiseUpdated(agentId);
        }

        return error;
    }

    /// <summary>The registry's record of a registered or recovered agent: its deactivation and drain.</summary>
    public AdmittedAgent? Admitted(string agentId) => registrar.Current.Agents.GetValueOrDefault(agentId);

    /// <summary>Tells the operator event stream an agent's marks changed.</summary>
    public void RaiseUpdated(string agentId) => Raise(() => Updated?.Invoke(agentId));

    /// <summary>
    /// MARK_AGENT_GONE: the agent is stored as gone before anything else happens, then a registered agent is shut down
    /// ("Agent has been marked gone") and removed, and the rooms that track its tasks are told. It can never
    /// re-register. Marking a gone agent again succeeds; an agent the registry does not hold gets 404.
    /// </summary>
    public async Task<AgentCallResult> MarkGoneAsync(string agentId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var state = registrar.Current;
            if (state.Gone.ContainsKey(agentId))
            {
                return AgentCallResult.Ok;
            }

            if (state.Find(agentId) is not { } held)
            {
                return AgentCallResult.NotFound($"Agent '{agentId}' not found");
            }

            await ApplyAsync(new MarkAgentGoneOperation(agentId, time.GetUtcNow()), cancellationToken);
            var registered = _agents.GetValueOrDefault(agentId);
            Forget(registered);
            LogGone(agentId, held.Info.Hostname);
            Raise(() => MarkedGone?.Invoke(agentId, held.Info.Hostname));
            if (registered?.Connection is { } connection)
            {
                try
                {
                    // Durable already: the agent is told whether or not the caller is still there.
                    await ShutdownAsync(connection, GoneMessage, CancellationToken.None);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
                {
                    // Its channel broke; it is refused when it comes back.
                }
            }

            return AgentCallResult.Ok;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The message that ends a drain on the agent (idempotent: an agent that is not draining ignores it).</summary>
    internal static MasterMessage DrainEndedMessage => Message(m => m.DrainEnded = new DrainEnded());

    /// <summary>Sends to a connected agent whatever the caller's fate; false when it is not connected or its channel broke.</summary>
    public async Task<bool> TrySendAsync(string agentId, MasterMessage message)
    {
        try
        {
            return await SendAsync(agentId, message, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
        {
            // Its channel broke; what it must know is sent again when it re-registers.
            return false;
        }
    }

    /// <summary>The message that starts (or resumes) a drain on the agent.</summary>
    internal static MasterMessage DrainMessage(DrainInfo drain) => Message(m =>
    {
        m.Drain = new DrainAgent { MarkGone = drain.MarkGone };
        if (drain.MaxGracePeriodNanoseconds is { } grace)
        {
            m.Drain.MaxGracePeriodNanoseconds = grace;
        }
    });

    /// <summary>The agent asked to leave (SIGUSR1): it is removed from the registry at once.</summary>
    public async Task UnregisterAsync(string agentId, IAgentConnection connection, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_agents.TryGetValue(agentId, out var agent) && ReferenceEquals(agent.Connection, connection))
            {
                await RemoveLockedAsync([agentId], "the agent unregistered", shutdown: false, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The socket broke: the agent stays registered but disconnected, and may come back.</summary>
    public async Task DisconnectedAsync(IAgentConnection connection)
    {
        await _gate.WaitAsync();
        try
        {
            if (OwnerOf(connection) is { } agent)
            {
                _agents = _agents.SetItem(agent.Id, agent with { Connected = false, Connection = null, DisconnectedAt = time.GetUtcNow() });
                LogDisconnected(agent.Id);
                Raise(() => Disconnected?.Invoke(agent.Id));
            }

            _owners.TryRemove(connection, out _);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task PongAsync(IAgentConnection connection)
    {
        await _gate.WaitAsync();
        try
        {
            if (OwnerOf(connection) is { MissedPings: > 0 } agent)
            {
                _agents = _agents.SetItem(agent.Id, agent with { MissedPings = 0 });
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Shuts down and removes every registered agent on the given machines (<c>/machine/down</c>). The machines
    /// are already DOWN in the durable registry, so none of them can register again meanwhile.
    /// </summary>
    public async Task RemoveOnMachinesAsync(IReadOnlyCollection<MachineId> machines, string reason, CancellationToken cancellationToken)
    {
        var down = machines.ToHashSet();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var ids = _agents.Values.Where(a => down.Contains(a.Machine)).Select(a => a.Id).ToArray();
            if (ids.Length > 0)
            {
                await RemoveLockedAsync(ids, reason, shutdown: true, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// One health round, every <c>--agent-ping-timeout</c>. An agent with <c>--max-agent-ping-timeouts</c> pings
    /// unanswered (a disconnected agent answers none), one disconnected for longer than <c>--agent-reregister-timeout</c>,
    /// and one known from the registry that has not re-registered that long after this master started are marked
    /// unreachable, as far as <c>--agent-removal-rate-limit</c> allows; the others wait for the next round, where a pong
    /// or a re-registration in between spares them. Then every remaining agent is pinged.
    /// </summary>
    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var candidates = new List<(string Id, string Hostname, string Reason)>();
            foreach (var agent in _agents.Values)
            {
                if (agent.MissedPings >= options.MaxAgentPingTimeouts)
                {
                    candidates.Add((agent.Id, agent.Info.Hostname, $"health check timed out after {agent.MissedPings} pings"));
                }
                else if (agent.DisconnectedAt is { } since && now - since >= options.AgentReregisterTimeout)
                {
                    candidates.Add((agent.Id, agent.Info.Hostname, "the agent did not reregister in time"));
                }
            }

            if (now - _started >= options.AgentReregisterTimeout)
            {
                candidates.AddRange(Recovered.Select(a => (a.Id, a.Info.Hostname, "the agent did not reregister after master failover")));
            }

            foreach (var (id, hostname, reason) in candidates)
            {
                if (!_limiter.TryAcquire(now))
                {
                    LogRateLimited(id);
                    continue;
                }

                try
                {
                    await MarkUnreachableLockedAsync(id, hostname, reason, now, cancellationToken);
                }
                catch (RegistryUnavailableException e)
                {
                    // Not marked; the agent is a candidate again next round.
                    LogMarkFailed(id, e.Message);
                }
            }

            foreach (var agent in _agents.Values)
            {
                _agents = _agents.SetItem(agent.Id, agent with { MissedPings = agent.MissedPings + 1 });
                if (agent.Connection is { } connection)
                {
                    try
                    {
                        await connection.SendAsync(Message(m => m.Ping = new Ping { Connected = true }), cancellationToken);
                    }
                    catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException)
                    {
                        // A broken channel: the agent is seen as disconnected when its reader ends.
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task MarkUnreachableLockedAsync(string id, string hostname, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ApplyAsync(new MarkUnreachableOperation([id], now), cancellationToken);
        var connection = _agents.TryGetValue(id, out var agent) ? agent.Connection : null;
        Forget(agent);
        LogUnreachable(id, hostname, reason);
        Raise(() => MarkedUnreachable?.Invoke(id, hostname, now, reason));
        if (connection is not null)
        {
            // Still connected but silent: closing the channel makes the agent, if it is alive, re-register.
            await connection.CloseAsync();
        }
    }

    /// <summary>Sends a message to a connected agent; false when it is not connected.</summary>
    public async Task<bool> SendAsync(string agentId, MasterMessage message, CancellationToken cancellationToken)
    {
        if (_agents.TryGetValue(agentId, out var agent) && agent.Connection is { } connection)
        {
            await connection.SendAsync(message, cancellationToken);
            return true;
        }

        return false;
    }

    /// <summary>The registered agent speaking on a connection, if any.</summary>
    public string? AgentIdOf(IAgentConnection connection) => OwnerOf(connection)?.Id;

    /// <summary>
    /// The registered agent whose current connection this is, in O(1): the owner map is checked against the agent's
    /// connection, so an entry left behind by a replaced connection never answers for it.
    /// </summary>
    /// <summary>Takes a registered agent out of the map and out of the pid and connection indexes.</summary>
    private void Forget(RegisteredAgent? agent)
    {
        if (agent is null)
        {
            return;
        }

        _agents = _agents.Remove(agent.Id);
        _pids.TryRemove(KeyValuePair.Create(agent.Pid, agent.Id));
        if (agent.Connection is { } connection)
        {
            _owners.TryRemove(KeyValuePair.Create(connection, agent.Id));
        }
    }

    private RegisteredAgent? AgentAt(string pid) =>
        _pids.TryGetValue(pid, out var id) && _agents.TryGetValue(id, out var agent) && agent.Pid == pid ? agent : null;

    private RegisteredAgent? OwnerOf(IAgentConnection connection) =>
        _owners.TryGetValue(connection, out var id) && _agents.TryGetValue(id, out var agent) && ReferenceEquals(agent.Connection, connection) ? agent : null;

    public void Dispose() => _gate.Dispose();

    internal static MasterMessage Message(Action<MasterMessage> fill)
    {
        var message = new MasterMessage { Version = ProtocolVersion };
        fill(message);
        return message;
    }

    private async Task RemoveLockedAsync(IReadOnlyList<string> ids, string reason, bool shutdown, CancellationToken cancellationToken)
    {
        await ApplyAsync(new RemoveAgentsOperation(ids), cancellationToken);
        foreach (var id in ids)
        {
            if (_agents.TryGetValue(id, out var agent))
            {
                Forget(agent);
                LogRemoved(id, agent.Info.Hostname, reason);
                Raise(() => Removed?.Invoke(id, agent.Info.Hostname, reason));
                if (shutdown && agent.Connection is { } connection)
                {
                    await ShutdownAsync(connection, reason, cancellationToken);
                }
            }
        }
    }

    /// <summary>Runs an event's handlers; a handler that fails is logged and does not undo or stop the registry's change.</summary>
    private void Raise(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHandlerFailed(e.ToString());
        }
    }

    private async Task ApplyAsync(RegistryOperation operation, CancellationToken cancellationToken) =>
        await registrar.TryApplyAsync(_ => Decision.Apply(operation), cancellationToken);

    private Task SendRegisteredAsync(IAgentConnection connection, string id, bool reregistered, CancellationToken cancellationToken)
    {
        var total = options.TotalPingTimeout.TotalSeconds;
        return connection.SendAsync(
            Message(m =>
            {
                if (reregistered)
                {
                    m.Reregistered = new AgentReregistered { AgentId = id, MasterId = identity.Id, TotalPingTimeoutSeconds = total };
                }
                else
                {
                    m.Registered = new AgentRegistered { AgentId = id, MasterId = identity.Id, TotalPingTimeoutSeconds = total };
                }
            }),
            cancellationToken).AsTask();
    }

    private static async Task ShutdownAsync(IAgentConnection connection, string message, CancellationToken cancellationToken)
    {
        await connection.SendAsync(Message(m => m.Shutdown = new ShutdownAgent { Message = message }), cancellationToken);
        await connection.CloseAsync();
    }

    /// <summary>Agent infos compare by their Mesos JSON (the records hold lists, which compare by reference).</summary>
    private static bool SameInfo(AgentInfo a, AgentInfo b) =>
        ReferenceEquals(a, b) || AgentInfoJson.Serialize(a, null).AsSpan().SequenceEqual(AgentInfoJson.Serialize(b, null));

    private static bool TryReadInfo(AgentDescription description, out AgentInfo info)
    {
        var parsed = AgentInfoJson.Parse(Encoding.UTF8.GetBytes(description.AgentInfoJson));
        info = parsed.Succeeded ? parsed.Value.Info : null!;

        // An agent whose resources Mesos would refuse (negative, below 0.001, beyond Drydock's bound, inverted ranges)
        // is refused, as Mesos's master refuses its registration: a valid total is what keeps every offer valid.
        return parsed.Succeeded && System.Net.IPAddress.TryParse(description.Ip, out _)
            && ResourceValidator.Invalid(info.Resources) is null && info.Port is >= 0 and <= 65535;
    }

    private static string Pid(AgentDescription description, AgentInfo info) =>
        string.Create(CultureInfo.InvariantCulture, $"slave(1)@{description.Ip}:{info.Port}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered agent {AgentId} at {Hostname} ({Ip})")]
    private partial void LogRegistered(string agentId, string hostname, string ip);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-registered agent {AgentId} at {Hostname} ({Ip})")]
    private partial void LogReregistered(string agentId, string hostname, string ip);

    [LoggerMessage(Level = LogLevel.Information, Message = "Allowing UNKNOWN agent {AgentId} to reregister")]
    private partial void LogUnknownReregister(string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused agent at {Hostname} ({Ip}): its machine is DOWN")]
    private partial void LogRefusedDown(string hostname, string ip);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed agent {AgentId} at {Hostname}: {Reason}")]
    private partial void LogRemoved(string agentId, string hostname, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused agent {AgentId}: it has been marked gone")]
    private partial void LogRefusedGone(string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marked agent {AgentId} at {Hostname} gone")]
    private partial void LogGone(string agentId, string hostname);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} disconnected")]
    private partial void LogDisconnected(string agentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "An agent event handler failed: {Error}")]
    private partial void LogHandlerFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mark agent {AgentId} unreachable: {Reason}")]
    private partial void LogMarkFailed(string agentId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marked agent {AgentId} at {Hostname} unreachable: {Reason}")]
    private partial void LogUnreachable(string agentId, string hostname, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} is due to be marked unreachable; waiting for the removal rate limit")]
    private partial void LogRateLimited(string agentId);
}

using Drydock.Protocol.Operator;

namespace Drydock.Protocol.Scheduler;

/// <summary>A v1 scheduler event: <c>{"type":"SUBSCRIBED","subscribed":{...}}</c>; exactly one payload matches the type.</summary>
public sealed record SchedulerEvent(string Type)
{
    public SubscribedEvent? Subscribed { get; init; }

    public ErrorEvent? Error { get; init; }

    public static SchedulerEvent Heartbeat { get; } = new("HEARTBEAT");
}

/// <summary><c>subscribed</c>: the framework's id, the heartbeat interval and the master.</summary>
public sealed record SubscribedEvent(IdValue FrameworkId, double HeartbeatIntervalSeconds, MasterInfoMessage MasterInfo);

/// <summary><c>error</c>: the master ends the subscription for this reason.</summary>
public sealed record ErrorEvent(string Message);

/// <summary>Mesos <c>MasterInfo</c> in protobuf JSON; <c>ip</c> is the IPv4 address as a uint32 in network order.</summary>
public sealed record MasterInfoMessage(string Id, uint Ip, int Port, string Pid, string Hostname, string Version, AddressMessage Address);

/// <summary>Mesos <c>Address</c>.</summary>
public sealed record AddressMessage(string Hostname, string Ip, int Port);

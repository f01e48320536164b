namespace Drydock.Protocol.Scheduler;

/// <summary>
/// An agent's fault domain (Mesos <c>DomainInfo.fault_domain</c>): the region and zone it runs in. On the wire it is
/// <c>{"fault_domain":{"region":{"name":…},"zone":{"name":…}}}</c>.
/// </summary>
public sealed record FaultDomain(string Region, string Zone);

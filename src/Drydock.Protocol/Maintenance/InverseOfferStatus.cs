using Drydock.Protocol.Operator;

namespace Drydock.Protocol.Maintenance;

/// <summary>A framework's latest answer to an inverse offer for a machine's agent.</summary>
public sealed record InverseOfferStatus(InverseOfferAnswer Status, IdValue FrameworkId, TimeInfo Timestamp);

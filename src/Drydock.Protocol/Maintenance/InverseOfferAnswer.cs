namespace Drydock.Protocol.Maintenance;

/// <summary>The answers a framework can give to an inverse offer (Mesos <c>InverseOfferStatus.Status</c>).</summary>
public enum InverseOfferAnswer
{
    /// <summary>No answer yet.</summary>
    UNKNOWN = 1,

    /// <summary>The framework can meet the window.</summary>
    ACCEPT = 2,

    /// <summary>The framework cannot meet the window.</summary>
    DECLINE = 3,
}

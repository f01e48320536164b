using System.Net;

namespace Drydock.Client.Scheduler;

/// <summary>The master refused a scheduler call (any answer but 202, or a SUBSCRIBE that is not 200).</summary>
public sealed class SchedulerCallException(string callType, HttpStatusCode status, string masterText)
    : Exception($"{callType} refused by the master: {(int)status} {(masterText.Length > 0 ? masterText : status.ToString())}")
{
    /// <summary>The call's type.</summary>
    public string CallType { get; } = callType;

    /// <summary>The master's status.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The master's text, verbatim (e.g. <c>Framework cannot be found</c>).</summary>
    public string MasterText { get; } = masterText;
}

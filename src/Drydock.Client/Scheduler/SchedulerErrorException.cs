namespace Drydock.Client.Scheduler;

/// <summary>The master answered SUBSCRIBE with ERROR (a removed framework, an invalid FrameworkInfo) and closed the stream.</summary>
public sealed class SchedulerErrorException(string masterMessage) : Exception("the master refused the subscription: " + masterMessage)
{
    /// <summary>The master's message, verbatim (e.g. <c>Framework has been removed</c>).</summary>
    public string MasterMessage { get; } = masterMessage;
}

using Drydock.Master.Registry;

namespace Drydock.Master.Hosting;

/// <summary>The flags of <c>drydock master</c>, as the command line hands them over.</summary>
public sealed record MasterSettings
{
    public string Ip { get; init; } = "127.0.0.1";

    public int Port { get; init; } = MasterOptions.DefaultPort;

    public string? Hostname { get; init; }

    public string WorkDir { get; init; } = "./.drydock/master";

    public string LogLevel { get; init; } = "info";

    public long MaxRequestBodyBytes { get; init; } = MasterOptions.DefaultMaxRequestBodyBytes;

    public TimeSpan AgentPingTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public int MaxAgentPingTimeouts { get; init; } = 5;

    public TimeSpan AgentReregisterTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Drydock's <c>--agent-registration-timeout</c>: a channel that has not sent Register or Reregister by then is closed.</summary>
    public TimeSpan AgentRegistrationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Drydock's <c>--max-unregistered-agent-channels</c>: channels beyond this many waiting to register get 503.</summary>
    public int MaxUnregisteredAgentChannels { get; init; } = 1000;

    /// <summary>Mesos's <c>--agent_removal_rate_limit</c>, e.g. <c>1/20mins</c>; null: no limit.</summary>
    public RemovalRateLimit? AgentRemovalRateLimit { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan AllocationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Mesos's <c>--weights</c>: a weight per role (e.g. <c>web=2,batch=0.5</c>); unlisted roles weigh 1.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();

    /// <summary>Mesos's <c>--offer_timeout</c>: offers unanswered this long are rescinded; null (the default): never.</summary>
    public TimeSpan? OfferTimeout { get; init; }

    /// <summary>Mesos's <c>--max_completed_frameworks</c>: removed frameworks kept in <c>completed_frameworks</c>.</summary>
    public int MaxCompletedFrameworks { get; init; } = 50;

    /// <summary>Mesos's <c>--max_completed_tasks_per_framework</c>: ended tasks kept in each framework's <c>completed_tasks</c>.</summary>
    public int MaxCompletedTasksPerFramework { get; init; } = 1000;
}

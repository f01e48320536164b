namespace Drydock.Bench.Simulation;

/// <summary>How a simulated cluster is started: the master's extra flags, and what each agent offers.</summary>
internal sealed record ClusterOptions
{
    /// <summary>Flags passed to <c>drydock master</c> after the port, work dir and log level (e.g. <c>--allocation-interval 1s</c>).</summary>
    public IReadOnlyList<string> MasterFlags { get; init; } = [];

    /// <summary>Each agent's resources, in the agent's <c>--resources</c> syntax.</summary>
    public string AgentResources { get; init; } = "cpus:4;mem:8192;disk:10000";

    /// <summary>How many agents may be connecting or waiting for AgentRegistered at once.</summary>
    public int RegistrationsInFlight { get; init; } = 128;

    /// <summary>How long one agent may take from connect to AgentRegistered before the run fails.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

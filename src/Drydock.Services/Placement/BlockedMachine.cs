namespace Drydock.Services.Placement;

/// <summary>An agent or machine that takes no new task: placement never uses its offers.</summary>
internal sealed record BlockedMachine(MachineRef Machine, AgentBlock Why);

namespace Drydock.Bench.Simulation;

/// <summary>An inverse offer a simulated framework received: its id, the agent it covers, and when it arrived.</summary>
internal readonly record struct ReceivedInverseOffer(string Id, string AgentId, long At);

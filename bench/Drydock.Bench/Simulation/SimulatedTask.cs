namespace Drydock.Bench.Simulation;

/// <summary>A task a simulated framework launches: its id and the scalar resources it takes from the offer.</summary>
internal sealed record SimulatedTask(string TaskId, double Cpus, double MemMiB);

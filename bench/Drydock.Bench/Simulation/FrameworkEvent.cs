namespace Drydock.Bench.Simulation;

/// <summary>One event of a framework's stream: its type, when it arrived (a Stopwatch timestamp), and how many offers or inverse offers it carried.</summary>
internal readonly record struct FrameworkEvent(string Type, long At, int Items);

using System.Text.Json;

namespace Drydock.Bench.Simulation;

/// <summary>An offer a simulated framework received and has not answered: the offer's JSON and when it arrived.</summary>
internal sealed record HeldOffer(string Id, string AgentId, string Hostname, bool HasUnavailability, long At, JsonElement Json);

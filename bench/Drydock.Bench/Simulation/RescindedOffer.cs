namespace Drydock.Bench.Simulation;

/// <summary>A RESCIND (or RESCIND_INVERSE_OFFER) a simulated framework received, and when.</summary>
internal readonly record struct RescindedOffer(string OfferId, long At);

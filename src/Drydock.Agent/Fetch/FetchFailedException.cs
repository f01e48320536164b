namespace Drydock.Agent.Fetch;

/// <summary>A URI that could not be fetched, with why in Mesos's fetcher's words; it never leaves the fetcher.</summary>
internal sealed class FetchFailedException(string message) : Exception(message);

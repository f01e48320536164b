namespace Drydock.Cli.Commands;

/// <summary>Where the services API is (<see cref="Url"/>) and what said so (<see cref="Source"/>), for error messages.</summary>
internal sealed record ServicesEndpoint(string Url, string Source);

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>The bodies of GET <c>/maintenance/schedule</c> and GET <c>/maintenance/status</c>, byte for byte.</summary>
internal sealed record MaintenanceSnapshot(string Schedule, string Status);

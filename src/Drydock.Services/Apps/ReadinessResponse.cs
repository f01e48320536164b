namespace Drydock.Services.Apps;

/// <summary>The last HTTP answer a readiness check got.</summary>
internal sealed record ReadinessResponse(int Status, string ContentType, string Body);

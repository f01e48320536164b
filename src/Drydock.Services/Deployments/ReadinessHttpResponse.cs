namespace Drydock.Services.Deployments;

/// <summary>The HTTP answer a readiness check got (<c>{"status","contentType","body"}</c>).</summary>
internal sealed record ReadinessHttpResponse(int Status, string ContentType, string Body);

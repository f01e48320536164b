namespace Drydock.Services.Deployments;

/// <summary>
/// The latest answer of one readiness check on one task, shown in a deployment's <c>currentActions</c>
/// (<c>{"name","taskId","ready","lastResponse"?}</c>). <see cref="LastResponse"/> is kept only when the check asks
/// to preserve it.
/// </summary>
internal sealed record ReadinessCheckResult(string Name, string TaskId, bool Ready, ReadinessHttpResponse? LastResponse = null);

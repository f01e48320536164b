namespace Drydock.Services.Apps;

/// <summary>One readiness result of a task in a deployment (the <c>readiness</c> embed, <c>readinessCheckResults</c>).</summary>
internal sealed record ReadinessCheckResult(string Name, string TaskId, bool Ready)
{
    /// <summary>Kept only when the check has <c>preserveLastResponse</c>.</summary>
    public ReadinessResponse? LastResponse { get; init; }
}

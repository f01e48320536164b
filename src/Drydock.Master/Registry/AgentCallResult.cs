namespace Drydock.Master.Registry;

/// <summary>How an operator call on one agent ended: an HTTP status, and the error text when it was refused.</summary>
internal readonly record struct AgentCallResult(int Status, string? Error)
{
    public static AgentCallResult Ok { get; } = new(200, null);

    public static AgentCallResult BadRequest(string error) => new(400, error);

    public static AgentCallResult NotFound(string error) => new(404, error);
}

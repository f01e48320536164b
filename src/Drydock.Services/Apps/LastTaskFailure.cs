namespace Drydock.Services.Apps;

/// <summary>
/// The latest task of an app that ended badly (FAILED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR, UNKNOWN): Marathon's
/// <c>lastTaskFailure</c> embed.
/// </summary>
internal sealed record LastTaskFailure(PathId AppId, string Host, string Message, string State, string TaskId, DateTimeOffset Timestamp, DateTimeOffset Version)
{
    public string? SlaveId { get; init; }
}

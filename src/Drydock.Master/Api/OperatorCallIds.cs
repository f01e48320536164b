using Drydock.Master.Frameworks;
using Drydock.Master.Persistence;
using Drydock.Protocol.Ids;
using Drydock.Protocol.Operator;

namespace Drydock.Master.Api;

/// <summary>
/// The agent and framework ids of the operator calls that change state (DRAIN_AGENT, DEACTIVATE_AGENT,
/// REACTIVATE_AGENT, MARK_AGENT_GONE, TEARDOWN, and v0 <c>/teardown</c>), checked against Mesos's id rule before the
/// call reaches a room. An id the master already holds passes whatever it looks like: a record an older build stored
/// with an id that breaks the rule can still be drained, marked gone or torn down by the operator.
/// </summary>
internal static class OperatorCallIds
{
    /// <summary>The error for the call's id, without Mesos's <c>Failed to validate master::Call: </c> prefix; null when it may go on.</summary>
    public static string? Validate(OperatorCall call, DurableState durable, FrameworkRegistry frameworks) => call.Type switch
    {
        OperatorCallType.DRAIN_AGENT or OperatorCallType.DEACTIVATE_AGENT or OperatorCallType.REACTIVATE_AGENT or OperatorCallType.MARK_AGENT_GONE
            when call.AgentId is { } agentId && !HoldsAgent(durable, agentId) => Error("agent_id", agentId),
        OperatorCallType.TEARDOWN when call.FrameworkId is { } frameworkId && !HoldsFramework(frameworks, frameworkId) => Error("framework_id", frameworkId),
        _ => null,
    };

    /// <summary>Whether a framework id may be torn down: valid, or one the master holds.</summary>
    public static bool MayTearDown(FrameworkRegistry frameworks, string frameworkId) =>
        IdValidation.IsValid(frameworkId) || HoldsFramework(frameworks, frameworkId);

    private static string? Error(string field, string id) =>
        IdValidation.Validate(id) is { } error ? $"'{field}' is not a valid ID: {error}" : null;

    private static bool HoldsAgent(DurableState durable, string agentId) => durable.Find(agentId) is not null || durable.Gone.ContainsKey(agentId);

    private static bool HoldsFramework(FrameworkRegistry frameworks, string frameworkId) => frameworks.Frameworks.ContainsKey(frameworkId);
}

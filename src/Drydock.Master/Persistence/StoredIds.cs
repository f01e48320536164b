using Drydock.Protocol.Ids;

namespace Drydock.Master.Persistence;

/// <summary>
/// Ids in the durable registry that break Mesos's id rule, which older builds did not check (an agent could re-register
/// with <c>agent_id: ""</c>). They are kept, not dropped or rewritten: the master starts, lists them as stored, and the
/// operator calls still accept them (<c>MARK_AGENT_GONE</c>, <c>TEARDOWN</c>) so they can be cleaned up. An agent cannot
/// re-register under one, so an admitted one is marked unreachable after <c>--agent-reregister-timeout</c>.
/// </summary>
internal static class StoredIds
{
    /// <summary>Each invalid stored id: what it names, the id, and the rule's text.</summary>
    public static IEnumerable<(string Kind, string Id, string Error)> Invalid(DurableState state)
    {
        var ids = state.Agents.Keys.Select(id => ("agent", id))
            .Concat(state.Unreachable.Keys.Select(id => ("unreachable agent", id)))
            .Concat(state.Gone.Keys.Select(id => ("gone agent", id)))
            .Concat(state.Frameworks.Keys.Select(id => ("framework", id)));
        foreach (var (kind, id) in ids)
        {
            if (IdValidation.Validate(id) is { } error)
            {
                yield return (kind, id, error);
            }
        }
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Drydock.Cli.Commands.Cluster;

/// <summary>
/// Finds the agent a <c>drydock node …</c> argument names: its whole id, a prefix of its id that no other agent's id
/// starts with, or its hostname (case-insensitively). Several matches are a usage error listing them (exit 2); none
/// is a refusal (exit 1), except that a whole agent id the list lacks (an unreachable agent, say) is passed on for the
/// master to decide.
/// </summary>
internal static partial class AgentSelector
{
    /// <summary>
    /// The id of the one agent <paramref name="text"/> names among the agents of a GET_AGENTS reply (registered and
    /// recovered ones).
    /// </summary>
    public static string Resolve(JsonElement getAgents, string text, bool passUnlistedIds)
    {
        var known = Known(getAgents);
        if (known.Any(a => a.Id == text))
        {
            return text;
        }

        var matches = known
            .Where(a => a.Id.StartsWith(text, StringComparison.Ordinal) || string.Equals(a.Hostname, text, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(a => a.Id)
            .ToArray();
        return matches.Length switch
        {
            1 => matches[0].Id,
            > 1 => throw new UsageException(
                $"'{text}' names {matches.Length} agents; give more of the id: " + string.Join(", ", matches.Select(a => $"{a.Id} ({a.Hostname})"))),
            _ when passUnlistedIds && WholeAgentId().IsMatch(text) => text,
            _ => throw new RefusedException($"the master knows no registered agent {text} (by id, id prefix or hostname)"),
        };
    }

    private static (string Id, string Hostname)[] Known(JsonElement getAgents)
    {
        IEnumerable<JsonElement> Items(string name) =>
            getAgents.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

        return Items("agents").Select(a => a.GetProperty("agent_info"))
            .Concat(Items("recovered_agents"))
            .Where(info => info.TryGetProperty("id", out var id) && id.TryGetProperty("value", out _))
            .Select(info => (
                info.GetProperty("id").GetProperty("value").GetString() ?? string.Empty,
                info.TryGetProperty("hostname", out var host) ? host.GetString() ?? string.Empty : string.Empty))
            .ToArray();
    }

    /// <summary>A whole agent id as masters make them: the master's id, <c>-S</c>, a number.</summary>
    [GeneratedRegex(@"^[0-9A-Za-z][0-9A-Za-z-]*-S[0-9]+$")]
    private static partial Regex WholeAgentId();
}

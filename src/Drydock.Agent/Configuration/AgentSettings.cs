namespace Drydock.Agent.Configuration;

/// <summary>The agent's flags as strings, after the sources are merged; <see cref="AgentSettingsLoader"/> builds it.</summary>
internal sealed record AgentSettings
{
    /// <summary>Flag name (snake_case, as Mesos spells it) → value, and where the value came from.</summary>
    public required IReadOnlyDictionary<string, (string Value, string Source)> Values { get; init; }

    public string? Get(string name) => Values.TryGetValue(name, out var v) ? v.Value : null;

    public string? SourceOf(string name) => Values.TryGetValue(name, out var v) ? v.Source : null;
}

using Drydock.Services.Apps;

namespace Drydock.Services.Deployments;

/// <summary>The decisions of one migration round: one per app, and one verdict per agent due for maintenance.</summary>
internal sealed record MigrationPlan(IReadOnlyDictionary<PathId, AppMigrationDecision> Apps, IReadOnlyDictionary<string, AgentVerdict> Agents);

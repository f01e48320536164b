using System.Text;
using Drydock.Agent.Checkpoint;
using Drydock.Protocol.Agents;

namespace Drydock.Agent.Recovery;

/// <summary>
/// Mesos's agent recovery decision: keep the agent id when the checkpointed agent info is compatible with the
/// current one under the reconfiguration policy; after a reboot an incompatible identity is dropped; otherwise the
/// agent refuses to start and tells the operator how to register it anew.
/// </summary>
internal static class RecoveryPlanner
{
    public static RecoveryPlan Plan(AgentPaths paths, AgentInfo current, ReconfigurationPolicy policy, string bootId)
    {
        var agentId = paths.ReadLatestAgentId();
        if (agentId is null)
        {
            return new RecoveryPlan.Fresh(Directory.Exists(paths.MetaDir) ? "no meta/slaves/latest" : "empty work dir");
        }

        var infoFile = paths.AgentInfoFile(agentId);
        if (!File.Exists(infoFile))
        {
            return new RecoveryPlan.Refuse(
                $"Failed to recover agent {agentId}: '{infoFile}' is missing. To restart this agent with a new agent id, run: rm -f {paths.Latest}");
        }

        var parsed = AgentInfoJson.Parse(File.ReadAllBytes(infoFile));
        if (!parsed.Succeeded)
        {
            return new RecoveryPlan.Refuse(
                $"Failed to recover agent {agentId}: '{infoFile}' is unreadable ({parsed.Error}). To restart this agent with a new agent id, run: rm -f {paths.Latest}");
        }

        var old = parsed.Value.Info;
        var problems = AgentInfoCompatibility.Check(old, current, policy);
        if (problems.Count == 0)
        {
            return new RecoveryPlan.Resume(agentId, current);
        }

        var lastBoot = File.Exists(paths.BootIdFile) ? File.ReadAllText(paths.BootIdFile).Trim() : null;
        if (lastBoot is not null && lastBoot != bootId)
        {
            return new RecoveryPlan.StartOverAfterReboot(agentId, problems);
        }

        // Scripts grep the first line; the rest says what changed and what to run, the full infos go to the log.
        var message = new StringBuilder().AppendLine("Incompatible agent info detected");
        foreach (var problem in problems)
        {
            message.AppendLine("  " + problem);
        }

        message
            .AppendLine(policy == ReconfigurationPolicy.Equal
                ? "To keep the agent id, restore the old flags (or use --reconfiguration-policy additive if the change only adds)."
                : "To keep the agent id, restore the old flags.")
            .AppendLine("To restart this agent with a new agent id (its tasks will be killed), run:")
            .Append("  rm -f ").Append(paths.Latest);
        var detail = $"Incompatible agent info detected for agent {agentId} (policy {policy.ToString().ToLowerInvariant()}): old agent info: {old.Describe()}; new agent info: {current.Describe()}";
        return new RecoveryPlan.Refuse(message.ToString(), detail);
    }
}

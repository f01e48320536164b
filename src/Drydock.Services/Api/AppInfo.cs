using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Scheduler;

namespace Drydock.Services.Api;

/// <summary>An app as <c>/v2/apps</c> answers it: the stored definition plus the embeds asked for (§3.1).</summary>
internal static class AppInfo
{
    public static void Write(Utf8JsonWriter writer, ServiceState state, AppDefinition app, AppEmbed embed)
    {
        var instances = state.InstancesOf(app.Id).ToArray();
        var deployments = state.Deployments.LockedBy(app.Id);
        AppJson.Write(writer, app, w =>
        {
            if (embed.HasFlag(AppEmbed.Counts) || embed.HasFlag(AppEmbed.Tasks))
            {
                AppEmbedWriter.WriteCounts(w, TaskCounts.Of(instances));
            }

            if (embed.HasFlag(AppEmbed.Deployments) || embed.HasFlag(AppEmbed.Tasks))
            {
                AppEmbedWriter.WriteDeployments(w, deployments);
            }

            if (embed.HasFlag(AppEmbed.Tasks))
            {
                AppEmbedWriter.WriteTasks(w, app, instances);
            }

            if (embed.HasFlag(AppEmbed.LastTaskFailure))
            {
                AppEmbedWriter.WriteLastTaskFailure(w, state.Failures.GetValueOrDefault(app.Id));
            }

            if (embed.HasFlag(AppEmbed.Readiness))
            {
                AppEmbedWriter.WriteReadinessCheckResults(w, []);
            }
        });
    }
}

namespace Drydock.Services.Apps;

/// <summary>
/// Reads repeated <c>embed</c> values: with the prefix <c>apps.</c>, <c>app.</c> or <c>group.apps.</c> or none;
/// <c>tasks</c> brings <c>deployments</c>, <c>failures</c> is tasks + lastTaskFailure + deployments; unknown values are
/// ignored. A comma-joined value is one (unknown) value, as in Marathon.
/// </summary>
internal static class AppEmbeds
{
    /// <summary>What <c>GET /v2/apps</c> always embeds.</summary>
    public const AppEmbed ForList = AppEmbed.Counts | AppEmbed.Deployments;

    /// <summary>What <c>GET /v2/apps/{id}</c> always embeds.</summary>
    public const AppEmbed ForApp = AppEmbed.Counts | AppEmbed.Tasks | AppEmbed.LastTaskFailure | AppEmbed.Deployments;

    private static readonly string[] Prefixes = ["group.apps.", "apps.", "app."];

    public static AppEmbed Parse(IEnumerable<string?> values, AppEmbed always = AppEmbed.None)
    {
        var embed = always;
        foreach (var raw in values)
        {
            if (raw is null)
            {
                continue;
            }

            var value = raw;
            foreach (var prefix in Prefixes)
            {
                if (value.StartsWith(prefix, StringComparison.Ordinal))
                {
                    value = value[prefix.Length..];
                    break;
                }
            }

            embed |= value switch
            {
                "counts" => AppEmbed.Counts,
                "deployments" => AppEmbed.Deployments,
                "tasks" => AppEmbed.Tasks | AppEmbed.Deployments,
                "readiness" => AppEmbed.Readiness,
                "lastTaskFailure" => AppEmbed.LastTaskFailure,
                "failures" => AppEmbed.Tasks | AppEmbed.LastTaskFailure | AppEmbed.Deployments,
                "taskStats" => AppEmbed.TaskStats,
                _ => AppEmbed.None,
            };
        }

        return embed;
    }
}

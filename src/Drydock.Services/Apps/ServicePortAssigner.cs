namespace Drydock.Services.Apps;

/// <summary>
/// Gives every <c>port: 0</c> of an app's port definitions a service port from [<see cref="Min"/>, <see cref="Max"/>]
/// (Marathon's <c>--local_port_min/max</c>, 10000–20000) that no other app and no other port of the app holds
/// (marathon.md §2.3). Ports already given keep their value, so an update keeps its service ports.
/// </summary>
internal sealed class ServicePortAssigner(int min = 10000, int max = 20000)
{
    public const string Exhausted = "All service ports in the range are taken: no free service port is left for the app";

    public int Min { get; } = min;

    public int Max { get; } = max;

    /// <summary>
    /// The app with its zero ports filled in, or null when the range has no free port left for all of them.
    /// <paramref name="others"/> are the other stored apps (the app itself, by id, is skipped if present).
    /// </summary>
    public AppDefinition? Assign(AppDefinition app, IEnumerable<AppDefinition> others)
    {
        if (app.PortDefinitions.All(p => p.Port != 0))
        {
            return app;
        }

        var taken = new HashSet<int>(others.Where(o => o.Id != app.Id).SelectMany(o => o.PortDefinitions).Select(p => p.Port).Where(p => p != 0));
        taken.UnionWith(app.PortDefinitions.Select(p => p.Port).Where(p => p != 0));
        var next = Min;
        var assigned = new List<PortDefinition>(app.PortDefinitions.Count);
        foreach (var definition in app.PortDefinitions)
        {
            if (definition.Port != 0)
            {
                assigned.Add(definition);
                continue;
            }

            while (next <= Max && taken.Contains(next))
            {
                next++;
            }

            if (next > Max)
            {
                return null;
            }

            taken.Add(next);
            assigned.Add(definition with { Port = next });
        }

        return app with { PortDefinitions = assigned };
    }
}

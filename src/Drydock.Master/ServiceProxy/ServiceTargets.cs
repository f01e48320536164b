using Drydock.Master.Frameworks;

namespace Drydock.Master.ServiceProxy;

/// <summary>
/// Chooses the framework that serves <c>/service/{name}</c>: among the registered (not removed) frameworks whose
/// <c>name</c> is exactly <c>{name}</c>, the connected ones first, then the one that subscribed last (its latest
/// SUBSCRIBE, first or re-subscription). Its <c>webui_url</c> must be an absolute http or https URL. Read from the
/// registry's current snapshot on every request, so a re-subscription with a new <c>webui_url</c> takes effect at once.
/// </summary>
internal static class ServiceTargets
{
    public static ServiceTarget Resolve(IEnumerable<Framework> frameworks, string name)
    {
        var chosen = frameworks
            .Where(f => string.Equals(f.Info.Name, name, StringComparison.Ordinal))
            .OrderByDescending(f => f.Connected)
            .ThenByDescending(f => f.ReregisteredTime ?? f.RegisteredTime)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToArray();
        if (chosen.Length == 0)
        {
            return ServiceTarget.Missing(name, null, $"No framework named '{name}' is registered with this master.");
        }

        // The first with a usable web UI: a connected framework without one does not hide a disconnected one that has.
        foreach (var framework in chosen)
        {
            if (Usable(framework.Info.WebuiUrl) is { } url)
            {
                return ServiceTarget.Found(name, framework.Id, url);
            }
        }

        var first = chosen[0];
        return string.IsNullOrWhiteSpace(first.Info.WebuiUrl)
            ? ServiceTarget.Missing(name, first.Id, $"The framework '{name}' ({first.Id}) has no webui_url.")
            : ServiceTarget.Missing(name, first.Id, $"The framework '{name}' ({first.Id}) has a webui_url that is not an http(s) URL: '{first.Info.WebuiUrl}'.");
    }

    /// <summary>An absolute http(s) URL without its query or fragment, or null.</summary>
    private static Uri? Usable(string? webuiUrl) =>
        Uri.TryCreate(webuiUrl?.Trim(), UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(url.Host)
            ? new Uri(url.GetLeftPart(UriPartial.Path))
            : null;
}

using System.Text;
using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Persistence;

namespace Drydock.Services.Scheduler;

/// <summary>Apps as stored: their <c>/v2</c> JSON, read back with the Apps reader, with the server-set version and versionInfo restored.</summary>
internal static class StoredApps
{
    public static string Write(AppDefinition app) => AppJson.ToJson(app);

    public static AppDefinition? Read(AppReader reader, StoredAppVersion stored)
    {
        var result = reader.ReadCreate(Encoding.UTF8.GetBytes(stored.Body));
        if (result.App is not { } app)
        {
            return null;
        }

        using var document = JsonDocument.Parse(stored.Body);
        VersionInfo? info = null;
        if (document.RootElement.TryGetProperty("versionInfo", out var versionInfo)
            && MarathonTime.TryParse(versionInfo.GetProperty("lastScalingAt").GetString(), out var scaling)
            && MarathonTime.TryParse(versionInfo.GetProperty("lastConfigChangeAt").GetString(), out var config))
        {
            info = new VersionInfo(scaling, config);
        }

        return app with { Version = stored.Version, VersionInfo = info };
    }
}

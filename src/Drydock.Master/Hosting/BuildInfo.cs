using System.Reflection;
using Drydock.Protocol.Operator;

namespace Drydock.Master.Hosting;

/// <summary>
/// What <c>/version</c> reports. <c>version</c> is the Mesos API level Drydock implements, which is what clients
/// compare against; Drydock's own release is <c>drydock_version</c>.
/// </summary>
internal static class BuildInfo
{
    public const string MesosApiVersion = "1.12.0";

    public static string DrydockVersion { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    private static readonly DateTimeOffset BuildStamp = File.GetLastWriteTimeUtc(BuiltFile());

    public static VersionInfo Version { get; } = new(
        MesosApiVersion,
        BuildStamp.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        BuildStamp.ToUnixTimeSeconds(),
        "drydock")
    {
        DrydockVersion = DrydockVersion,
    };

    /// <summary>The master's assembly on disk, or the executable it is bundled in when published as a single file.</summary>
    private static string BuiltFile()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, typeof(BuildInfo).Assembly.GetName().Name + ".dll");
        return File.Exists(dll) ? dll : Environment.ProcessPath ?? dll;
    }
}

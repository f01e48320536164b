using System.CommandLine;
using Drydock.Cli.Output;

namespace Drydock.Cli.Commands;

/// <summary>
/// Options of the commands that talk to the services API (<c>drydock app …</c>, <c>drydock deployment …</c>): where it
/// is, <c>--force</c>, <c>--wait</c> and <c>--timeout</c>.
/// </summary>
internal static class ServicesOptions
{
    /// <summary>Where a master forwards to the framework named marathon, as DC/OS's Admin Router does.</summary>
    public const string ProxyPath = "service/marathon";

    public const string EnvironmentVariable = "DRYDOCK_SERVICES";

    /// <summary>The <see cref="ServicesEndpoint.Source"/> of the default URL, the master's.</summary>
    public const string MasterSource = "the master's URL";

    /// <summary><c>--services URL</c>, given after the command group (<c>drydock app list --services URL</c>).</summary>
    public static readonly Option<string?> Services = new("--services")
    {
        Description = "The services API's URL (default: $" + EnvironmentVariable + ", else the master's URL + /" + ProxyPath + ")",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print the services API's JSON reply as it is" };

    public static Option<bool> Force(string description) => new("--force") { Description = description };

    public static Option<bool> Wait() => new("--wait")
    {
        Description = "Wait until the deployment is done, showing its progress: exit 0 when it finished, 1 when it failed or was cancelled, 4 on --timeout",
    };

    public static Option<string> Timeout() => new("--timeout")
    {
        Description = "How long --wait waits (e.g. 90s, 10m); the deployment goes on after it",
        DefaultValueFactory = _ => "10m",
    };

    /// <summary>The services API of a command: <c>--services</c>, else <c>$DRYDOCK_SERVICES</c>, else the master's <c>/service/marathon</c>.</summary>
    public static ServicesEndpoint Resolve(ParseResult parse) =>
        Resolve(parse.GetValue(Services), Environment.GetEnvironmentVariable(EnvironmentVariable), GlobalOptions.MasterUrl(parse));

    internal static ServicesEndpoint Resolve(string? flag, string? environment, string masterUrl)
    {
        if (flag is { Length: > 0 })
        {
            return new ServicesEndpoint(flag, "--services");
        }

        if (environment is { Length: > 0 })
        {
            return new ServicesEndpoint(environment, "$" + EnvironmentVariable);
        }

        return new ServicesEndpoint(masterUrl.TrimEnd('/') + "/" + ProxyPath, MasterSource);
    }

    /// <summary>The <c>--timeout</c> of <c>--wait</c>: a positive duration.</summary>
    public static TimeSpan ParseTimeout(string text)
    {
        try
        {
            var timeout = TimeText.ParseDuration(text);
            if (timeout > TimeSpan.Zero)
            {
                return timeout;
            }
        }
        catch (FormatException)
        {
        }

        throw new UsageException($"--timeout '{text}' is not a positive duration (e.g. 90s, 10m)");
    }
}

using System.CommandLine;

namespace Drydock.Cli.Commands;

/// <summary>Options shared by the operator commands.</summary>
internal static class GlobalOptions
{
    public const string DefaultMaster = "http://127.0.0.1:5050";

    public static readonly Option<string> Master = new("--master")
    {
        Description = "The master's URL (default: $DRYDOCK_MASTER, else " + DefaultMaster + ")",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DRYDOCK_MASTER") is { Length: > 0 } env ? env : DefaultMaster,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print the master's JSON reply as it is" };
}

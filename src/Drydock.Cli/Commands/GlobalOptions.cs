using System.CommandLine;

namespace Drydock.Cli.Commands;

/// <summary>Options shared by the operator commands.</summary>
internal static class GlobalOptions
{
    public const string DefaultMaster = "http://127.0.0.1:5050";

    private const string MasterDescription = "The master's URL (default: $DRYDOCK_MASTER, else " + DefaultMaster + ")";

    /// <summary>
    /// <c>--master URL</c> of the operator commands, given after the command (<c>drydock node list --master URL</c>).
    /// Added to each operator command group only: <c>drydock agent</c> has a <c>--master</c> of its own (HOST:PORT of
    /// the master it joins), and <c>drydock master</c> and <c>drydock dev</c> have none.
    /// </summary>
    public static readonly Option<string?> Master = new("--master")
    {
        Description = MasterDescription,
        Recursive = true,
    };

    /// <summary>The same, given before the command (<c>drydock --master URL node list</c>); only operator commands take it.</summary>
    public static readonly Option<string?> RootMaster = new("--master")
    {
        Description = MasterDescription + "; for the operator commands",
    };

    /// <summary>The master URL an operator command talks to: the flag after the command, before it, the environment, the default.</summary>
    public static string MasterUrl(ParseResult parse) =>
        parse.GetValue(Master) ?? parse.GetValue(RootMaster)
        ?? (Environment.GetEnvironmentVariable("DRYDOCK_MASTER") is { Length: > 0 } env ? env : DefaultMaster);

    public static Option<bool> Json() => new("--json") { Description = "Print the master's JSON reply as it is" };
}

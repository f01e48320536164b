using System.CommandLine;
using Drydock.Cli.Output;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Commands;

/// <summary>The <c>--machine HOST=IP</c> option, repeatable and space-separated.</summary>
internal static class MachineOptions
{
    public static Option<string[]> Machines(bool required) => new("--machine", "-m")
    {
        Description = "A machine as HOST=IP (or a bare IPv4 when hostname and ip are the same); repeatable",
        Required = required,
        AllowMultipleArgumentsPerToken = true,
    };

    public static IReadOnlyList<MachineId> Parse(string[]? values)
    {
        try
        {
            return MachineArgs.ParseAll(values ?? []);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}

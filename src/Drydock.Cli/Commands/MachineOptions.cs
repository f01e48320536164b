using System.CommandLine;
using Drydock.Cli.Output;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Commands;

/// <summary>The <c>--machine HOST=IP</c> option, repeatable and space-separated.</summary>
internal static class MachineOptions
{
    public static Option<string[]> Machines(bool required)
    {
        var option = new Option<string[]>("--machine", "-m")
        {
            Description = "A machine as HOST=IP (or a bare IPv4 when hostname and ip are the same); repeatable",
            Required = required,
            AllowMultipleArgumentsPerToken = true,
        };

        // `--machine --start +1m` must not make a machine of the next flag: no machine id starts with '-'.
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"--machine takes HOST=IP, not the flag '{token.Value}'");
            }
        });
        return option;
    }

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

using System.CommandLine;
using Drydock.Cli.Commands;

namespace Drydock.Cli.Tests.Services;

/// <summary>Runs a <c>drydock</c> command line in this process, with its output and errors captured.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DrydockCommand.RunAsync(args, new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A services command against <paramref name="server"/>.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Client.Tests.Marathon.FakeMarathon server, params string[] args) =>
        RunAsync([.. args, "--services", server.Url.ToString()]);
}

using System.CommandLine;
using Drydock.Client;

namespace Drydock.Cli.Commands;

/// <summary>
/// Runs an operator command against the master and turns failures into one line on stderr and an exit code:
/// 1 when the master refused the request (its message is printed as it is), 2 for bad input on the command line,
/// 3 when the master cannot be reached. 4 is for a wait that ran out of time (<c>--wait --timeout</c>).
/// </summary>
internal static class CliRunner
{
    public const int Refused = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int TimedOut = 4;

    public static async Task<int> RunAsync(ParseResult parse, Func<MasterClient, Task<int>> action)
    {
        var url = GlobalOptions.MasterUrl(parse);
        if (!Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out var master))
        {
            await Console.Error.WriteLineAsync($"error: --master '{url}' is not a URL");
            return Usage;
        }

        using var client = new MasterClient(master);
        try
        {
            return await action(client);
        }
        catch (MasterApiException e)
        {
            await Console.Error.WriteLineAsync($"error: the master refused the request ({(int)e.Status}): {e.Message}");
            return Refused;
        }
        catch (MasterUnreachableException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Unreachable;
        }
        catch (RefusedException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Refused;
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Usage;
        }
    }
}

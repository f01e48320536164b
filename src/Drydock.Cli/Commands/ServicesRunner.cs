using System.CommandLine;
using Drydock.Cli.Output;
using Drydock.Client.Marathon;

namespace Drydock.Cli.Commands;

/// <summary>
/// Runs a command against the services API and turns failures into lines on stderr and the exit codes of
/// <see cref="CliRunner"/>: 1 refused (Marathon's message, its details and what to do), 2 bad input, 3 unreachable
/// (which URL, and how to point the CLI elsewhere).
/// </summary>
internal static class ServicesRunner
{
    public static async Task<int> RunAsync(ParseResult parse, Func<ServicesSession, Task<int>> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var endpoint = ServicesOptions.Resolve(parse);
        var text = endpoint.Url.Contains("://", StringComparison.Ordinal) ? endpoint.Url : "http://" + endpoint.Url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"error: '{endpoint.Url}' (from {endpoint.Source}) is not an http(s) URL");
            return CliRunner.Usage;
        }

        using var client = new MarathonClient(url);
        try
        {
            return await action(new ServicesSession(client, endpoint, output, error));
        }
        catch (MarathonApiException e)
        {
            await WriteLinesAsync(error, ServicesErrors.Describe(e, endpoint, client.BaseUrl));
            return CliRunner.Refused;
        }
        catch (MarathonUnreachableException e)
        {
            await WriteLinesAsync(error, ServicesErrors.Unreachable(e, endpoint));
            return CliRunner.Unreachable;
        }
        catch (RefusedException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return CliRunner.Refused;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return CliRunner.Usage;
        }
    }

    private static async Task WriteLinesAsync(TextWriter writer, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await writer.WriteLineAsync(line);
        }
    }
}

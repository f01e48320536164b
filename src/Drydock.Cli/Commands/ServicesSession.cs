using Drydock.Cli.Output;
using Drydock.Client.Marathon;
using Spectre.Console;

namespace Drydock.Cli.Commands;

/// <summary>What a services command works with: the client, the endpoint it came from, and where output goes.</summary>
internal sealed class ServicesSession(MarathonClient client, ServicesEndpoint endpoint, TextWriter output, TextWriter error)
{
    public MarathonClient Client { get; } = client;

    public ServicesEndpoint Endpoint { get; } = endpoint;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>A console for tables, writing to <see cref="Out"/>.</summary>
    public IAnsiConsole Console() => Terminal.Create(Out);
}

namespace Drydock.Client.Scheduler;

/// <summary>What a task (or a COMMAND health check) runs (Mesos <c>CommandInfo</c>).</summary>
/// <param name="Value">The shell command line (<see cref="Shell"/>) or the executable to run with <see cref="Arguments"/>.</param>
public sealed record CommandInfo(string Value)
{
    /// <summary>Run <see cref="Value"/> with <c>/bin/sh -c</c> (the default), or as an executable with its arguments.</summary>
    public bool Shell { get; init; } = true;

    /// <summary>The argument vector when not <see cref="Shell"/> (argv[0] included, as in Mesos).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The user to run as; unset runs as the framework's user.</summary>
    public string? User { get; init; }

    /// <summary>Environment variables (<c>environment.variables</c>, each of type VALUE).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Files fetched into the sandbox first.</summary>
    public IReadOnlyList<CommandUri> Uris { get; init; } = [];
}

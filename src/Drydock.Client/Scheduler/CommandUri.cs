namespace Drydock.Client.Scheduler;

/// <summary>A file the agent fetches into the sandbox before the command starts (Mesos <c>CommandInfo.URI</c>).</summary>
/// <param name="Value">Where it is (a URL or a path on the agent).</param>
public sealed record CommandUri(string Value)
{
    /// <summary>Make it executable (<c>executable</c>); unset leaves Mesos's default (no).</summary>
    public bool? Executable { get; init; }

    /// <summary>Unpack an archive (<c>extract</c>); unset leaves Mesos's default (yes).</summary>
    public bool? Extract { get; init; }

    /// <summary>Use the agent's fetcher cache (<c>cache</c>).</summary>
    public bool? Cache { get; init; }

    /// <summary>The name to save it under in the sandbox (<c>output_file</c>).</summary>
    public string? OutputFile { get; init; }
}

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// One of a command's <c>uris</c> (Mesos <c>CommandInfo.URI</c>): what the agent fetches into the task's sandbox before
/// the task starts. Marathon's <c>fetch</c> entries become these.
/// </summary>
public sealed record CommandUri
{
    /// <summary><c>value</c>: the URI (<c>http://</c>, <c>https://</c>, <c>file://</c>) or an absolute local path.</summary>
    public required string Value { get; init; }

    /// <summary><c>executable</c>: the fetched file is made executable (and then not extracted).</summary>
    public bool Executable { get; init; }

    /// <summary><c>extract</c> (default true): an archive is unpacked into the sandbox.</summary>
    public bool Extract { get; init; } = true;

    /// <summary><c>cache</c>: the framework allows a cached copy.</summary>
    public bool Cache { get; init; }

    /// <summary><c>output_file</c>: the name (relative to the sandbox) to fetch to, instead of the URI's last segment.</summary>
    public string? OutputFile { get; init; }

    internal static CommandUri Read(ProtoObject uri)
    {
        var value = uri.String("value");
        uri.Require("value", value is not null);
        return new CommandUri
        {
            Value = value ?? string.Empty,
            Executable = uri.Bool("executable") ?? false,
            Extract = uri.Bool("extract") ?? true,
            Cache = uri.Bool("cache") ?? false,
            OutputFile = uri.String("output_file"),
        };
    }
}

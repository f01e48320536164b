namespace Drydock.Agent.Files;

/// <summary>The result of a file operation: a value, or why there is none (Mesos's <c>FilesError</c>).</summary>
internal sealed record FileOutcome<T>(T? Value, FileFailure? Failure)
{
    public static FileOutcome<T> Ok(T value) => new(value, null);

    public static FileOutcome<T> NotFound() => new(default, new FileFailure(FileFailureKind.NotFound, string.Empty));

    public static FileOutcome<T> Invalid(string message) => new(default, new FileFailure(FileFailureKind.Invalid, message));

    public static FileOutcome<T> Unknown(string message) => new(default, new FileFailure(FileFailureKind.Unknown, message));
}

/// <summary>Why a file operation failed, and the message Mesos gives (with its trailing newline).</summary>
internal sealed record FileFailure(FileFailureKind Kind, string Message);

/// <summary>400, 404 and 500 of the file endpoints.</summary>
internal enum FileFailureKind
{
    Invalid,
    NotFound,
    Unknown,
}

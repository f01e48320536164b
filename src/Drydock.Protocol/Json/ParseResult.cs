using System.Diagnostics.CodeAnalysis;

namespace Drydock.Protocol;

/// <summary>The outcome of reading a request: a value, or the one error Mesos would report for it.</summary>
public readonly record struct ParseResult<T>
{
    private ParseResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The parsed value; set when <see cref="Error"/> is null.</summary>
    public T? Value { get; }

    /// <summary>The error message, in Mesos's words.</summary>
    public string? Error { get; }

    /// <summary>True when parsing succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Error is null;

    /// <summary>A successful result.</summary>
    public static ParseResult<T> Ok(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    public static ParseResult<T> Fail(string error) => new(default, error);
}

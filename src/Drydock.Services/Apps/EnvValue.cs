namespace Drydock.Services.Apps;

/// <summary>An <c>env</c> entry: a plain value, or a reference to one of the app's secrets (<c>{"secret":"name"}</c>).</summary>
internal sealed record EnvValue(string? Value, string? Secret = null)
{
    public static implicit operator EnvValue(string value) => new(value);
}

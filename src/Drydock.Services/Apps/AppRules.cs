namespace Drydock.Services.Apps;

/// <summary>What the reader and validator need from the scheduler's settings.</summary>
/// <param name="DefaultRole">The scheduler's <c>--role</c>: new apps get it, and it is always an allowed role.</param>
internal sealed record AppRules(string DefaultRole = "*")
{
    public static readonly AppRules Default = new();
}

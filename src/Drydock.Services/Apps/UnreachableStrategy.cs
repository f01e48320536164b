namespace Drydock.Services.Apps;

/// <summary>
/// What happens to an instance whose agent is unreachable: after <see cref="InactiveAfter"/> it no longer counts and a
/// replacement starts; after <see cref="ExpungeAfter"/> it is forgotten. <see cref="Disabled"/> waits forever.
/// </summary>
internal sealed record UnreachableStrategy(TimeSpan InactiveAfter, TimeSpan ExpungeAfter, bool Disabled = false)
{
    /// <summary>Marathon's default since 1.5: <c>{"inactiveAfterSeconds":0,"expungeAfterSeconds":0}</c>.</summary>
    public static readonly UnreachableStrategy Default = new(TimeSpan.Zero, TimeSpan.Zero);

    public static readonly UnreachableStrategy Off = new(TimeSpan.Zero, TimeSpan.Zero, Disabled: true);
}

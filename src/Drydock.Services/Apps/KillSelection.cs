namespace Drydock.Services.Apps;

/// <summary>Which instances go first when an app has more than it should (Marathon's <c>killSelection</c>).</summary>
internal enum KillSelection
{
    /// <summary>The latest started first (Marathon's default).</summary>
    YoungestFirst,

    OldestFirst,
}

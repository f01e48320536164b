namespace Drydock.Master.Persistence;

/// <summary>
/// A framework as the registry keeps it: its id, its <c>FrameworkInfo</c> as JSON (compared as text, so an unchanged
/// re-subscription writes nothing) and when it first subscribed.
/// </summary>
internal sealed record StoredFramework(string Id, string InfoJson, DateTimeOffset RegisteredTime);

namespace Drydock.Cli.Commands;

/// <summary>
/// A request the cluster's state does not allow, found by the CLI before it asks the master (removing a machine that
/// is not scheduled, naming an agent nobody knows): exit 1, as when the master refuses.
/// </summary>
internal sealed class RefusedException(string message) : Exception(message);

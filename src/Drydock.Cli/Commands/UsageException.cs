namespace Drydock.Cli.Commands;

/// <summary>Bad input on the command line, found after parsing (a malformed machine, time or file): exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

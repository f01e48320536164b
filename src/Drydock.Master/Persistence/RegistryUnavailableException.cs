namespace Drydock.Master.Persistence;

/// <summary>The registry could not make a change durable; nothing was changed and the caller may retry.</summary>
internal sealed class RegistryUnavailableException(string message, Exception inner) : Exception(message, inner);

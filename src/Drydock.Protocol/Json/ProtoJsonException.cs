namespace Drydock.Protocol;

/// <summary>
/// Raised inside the proto-JSON readers when a body does not fit its message; the public entry points catch it
/// and return a <see cref="ParseResult{T}"/>, so it never leaves this assembly.
/// </summary>
internal sealed class ProtoJsonException(string message) : Exception(message);

namespace Drydock.Protocol.Resources;

/// <summary>
/// A resource of an agent: a name (cpus, mem, disk, ports, …), a value, and the role it is reserved for
/// (<c>*</c> when unreserved). <c>mem</c> and <c>disk</c> are in MB.
/// </summary>
public sealed record Resource(string Name, Value Value, string Role = "*")
{
    public bool IsReserved => Role != "*";
}

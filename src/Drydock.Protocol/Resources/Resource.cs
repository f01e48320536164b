namespace Drydock.Protocol.Resources;

/// <summary>
/// A resource of an agent: a name (cpus, mem, disk, ports, …), a value, and the role it is reserved for
/// (<c>*</c> when unreserved). <c>mem</c> and <c>disk</c> are in MB.
/// </summary>
public sealed record Resource(string Name, Value Value, string Role = "*")
{
    public bool IsReserved => Role != "*";

    /// <summary>
    /// What made the resource invalid when it was read (<see cref="ResourceJson"/>), or null. An invalid resource holds
    /// nothing (<see cref="Value"/> is a zero, empty ranges or the set without duplicates), so whatever reads it before it
    /// is refused counts nothing; <see cref="ResourceValidator"/> reports the defect.
    /// </summary>
    public ResourceDefect? Defect { get; init; }
}

/// <summary>Why a resource read is invalid (Mesos's <c>Resources::validate</c> text) and its value as it was given.</summary>
public sealed record ResourceDefect(string Reason, string Given);

namespace Drydock.Protocol.Resources;

/// <summary>
/// Mesos's resource validation (<c>Resources::validate</c> and the master's <c>resource::validate</c>), in its words:
/// the first invalid resource of a list as <c>Invalid resources: Resource 'cpus(allocated: *):-3' is invalid: Invalid
/// scalar resource: value &lt;= 0</c>, then the <c>gpus</c> check. What the value itself makes invalid was found when it
/// was read (<see cref="Resource.Defect"/>); this adds what needs the whole resource or the whole list.
/// </summary>
public static class ResourceValidator
{
    /// <summary>The error for a task's (or an operation's) <paramref name="resources"/>, or null when they are valid.</summary>
    public static string? Validate(IEnumerable<Resource> resources, string? allocationRole = null)
    {
        var list = resources as IReadOnlyCollection<Resource> ?? resources.ToArray();
        if (Invalid(list, allocationRole) is { } invalid)
        {
            return invalid;
        }

        // Mesos keeps three decimals: a whole number of gpus is a multiple of 1000 thousandths.
        var gpus = list.Where(r => r.Name == "gpus" && r.Value.Type == ValueType.SCALAR).Sum(r => r.Value.Scalar);
        return (long)Math.Round(gpus * 1000) % 1000 != 0
            ? "Invalid 'gpus' resource: The 'gpus' resource must be an unsigned integer"
            : null;
    }

    /// <summary>
    /// The first resource that is invalid on its own, as <c>Invalid resources: Resource '…' is invalid: …</c> (an agent's
    /// resources, which may hold fractional gpus), or null.
    /// </summary>
    public static string? Invalid(IEnumerable<Resource> resources, string? allocationRole = null)
    {
        foreach (var resource in resources)
        {
            if (Reason(resource) is { } reason)
            {
                return $"Invalid resources: Resource '{ResourceText.Describe(resource, allocationRole)}' is invalid: {reason}";
            }
        }

        return null;
    }

    /// <summary>Why one resource is invalid, or null.</summary>
    public static string? Reason(Resource resource) =>
        resource.Name.Length == 0 ? "Empty resource name"
        : resource.Defect is { } defect ? defect.Reason
        : resource.Value.Type == ValueType.SCALAR ? ScalarReason(resource.Value.Scalar)
        : resource.Value.Type == ValueType.TEXT ? "Unsupported resource type"
        : null;

    /// <summary>Why a scalar amount is invalid, or null: as Mesos, a value that is not zero must be at least 0.001.</summary>
    public static string? ScalarReason(double scalar) =>
        !double.IsFinite(scalar) ? "Invalid scalar resource: value is not finite"
        : scalar != 0 && Value.RoundScalar(scalar) <= 0 ? "Invalid scalar resource: value <= 0"
        : scalar > Value.MaxScalar ? "Invalid scalar resource: value > " + ResourceText.Scalar(Value.MaxScalar)
        : null;
}

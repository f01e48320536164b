using System.Globalization;
using System.Text.Json.Serialization;

namespace Drydock.Protocol.Maintenance;

/// <summary>
/// A machine as Mesos names it: a hostname, an IP address, or both.
/// </summary>
/// <remarks>
/// Equality follows Mesos exactly: the presence of each field must match, the hostname is compared
/// case-insensitively and the IP exactly. An id with only a hostname is therefore not equal to one
/// with the same hostname and an IP, and an agent (whose machine always has both) is matched only
/// by an id that gives both.
/// </remarks>
public sealed record MachineId(string? Hostname, string? Ip)
{
    /// <summary>True when the id names no machine at all (both fields absent or empty).</summary>
    [JsonIgnore]
    public bool IsEmpty => string.IsNullOrEmpty(Hostname) && string.IsNullOrEmpty(Ip);

    /// <inheritdoc />
    public bool Equals(MachineId? other)
    {
        if (other is null)
        {
            return false;
        }

        if ((Hostname is null) != (other.Hostname is null) || (Ip is null) != (other.Ip is null))
        {
            return false;
        }

        return string.Equals(Hostname, other.Hostname, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Ip, other.Ip, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        Hostname is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Hostname),
        Hostname is null,
        Ip,
        Ip is null);

    /// <summary>The compact JSON form Mesos puts in its error messages, e.g. <c>{"hostname":"m1","ip":"10.0.0.1"}</c>.</summary>
    public string ToJson() => MesosJson.Serialize(this);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Hostname ?? "-"}/{Ip ?? "-"}");
}

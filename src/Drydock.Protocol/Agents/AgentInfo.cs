using System.Globalization;
using System.Text;
using Drydock.Protocol.Resources;

namespace Drydock.Protocol.Agents;

/// <summary>What an agent says about itself (Mesos <c>SlaveInfo</c>); its id is assigned by the master.</summary>
public sealed record AgentInfo(string Hostname, int Port, IReadOnlyList<Resource> Resources, IReadOnlyList<Resources.Attribute> Attributes)
{
    /// <summary>A readable one-line form for logs and for the incompatibility message.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"hostname: {Hostname}, port: {Port}, resources: ");
        text.AppendJoin(";", Resources.Select(r => r.IsReserved ? $"{r.Name}({r.Role}):{r.Value.Format()}" : $"{r.Name}:{r.Value.Format()}"));
        text.Append(", attributes: ");
        text.AppendJoin(";", Attributes.Select(a => $"{a.Name}:{a.Value.Format()}"));
        return text.ToString();
    }
}

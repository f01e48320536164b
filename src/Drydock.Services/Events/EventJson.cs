using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Deployments;

namespace Drydock.Services.Events;

/// <summary>The pieces several events share: the heavy plan, and Mesos IP addresses as <c>{ipAddress, protocol}</c>.</summary>
internal static class EventJson
{
    /// <summary>The heavy plan <c>{id, original, target, steps, version}</c>, its apps as <c>GET /v2/apps/{id}</c> shows them.</summary>
    public static void WritePlan(Utf8JsonWriter writer, string name, DeploymentPlan plan)
    {
        writer.WritePropertyName(name);
        DeploymentJson.WritePlan(writer, plan, static (w, app) => AppJson.Write(w, app));
    }

    /// <summary><c>[{"ipAddress":"10.0.0.1","protocol":"IPv4"}]</c>: only the two keys the Python client accepts.</summary>
    public static void WriteIpAddresses(Utf8JsonWriter writer, IReadOnlyList<string> addresses)
    {
        writer.WriteStartArray("ipAddresses");
        foreach (var address in addresses)
        {
            writer.WriteStartObject();
            writer.WriteString("ipAddress", address);
            var v6 = IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;
            writer.WriteString("protocol", v6 ? "IPv6" : "IPv4");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>
/// Writes health and readiness checks with every default echoed, as Marathon does. Each protocol shows its own members:
/// COMMAND its command, the HTTP kinds a path, the network kinds a port (index) and IP protocol.
/// </summary>
internal static class HealthCheckJson
{
    public static void Write(Utf8JsonWriter w, HealthCheckDefinition check)
    {
        w.WriteStartObject();
        w.WriteString("protocol", HealthCheckReader.Name(check.Protocol));
        if (check.Protocol == HealthCheckProtocol.Command)
        {
            w.WriteStartObject("command");
            w.WriteString("value", check.Command ?? "");
            w.WriteEndObject();
        }
        else
        {
            if (check.Protocol is HealthCheckProtocol.Http or HealthCheckProtocol.Https or HealthCheckProtocol.MesosHttp or HealthCheckProtocol.MesosHttps)
            {
                AppJson.WriteIf(w, "path", check.Path);
            }

            if (check.Protocol is HealthCheckProtocol.Http or HealthCheckProtocol.Https)
            {
                w.WriteBoolean("ignoreHttp1xx", check.IgnoreHttp1xx);
            }

            if (check.PortIndex is { } index)
            {
                w.WriteNumber("portIndex", index);
            }

            if (check.Port is { } port)
            {
                w.WriteNumber("port", port);
            }

            w.WriteString("ipProtocol", check.IpProtocol);
        }

        w.WriteNumber("gracePeriodSeconds", check.GracePeriodSeconds);
        w.WriteNumber("intervalSeconds", check.IntervalSeconds);
        w.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
        w.WriteNumber("maxConsecutiveFailures", check.MaxConsecutiveFailures);
        w.WriteNumber("delaySeconds", check.DelaySeconds);
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, ReadinessCheckDefinition check)
    {
        w.WriteStartObject();
        w.WriteString("name", check.Name);
        w.WriteString("protocol", check.Protocol);
        w.WriteString("path", check.Path);
        w.WriteString("portName", check.PortName);
        w.WriteNumber("intervalSeconds", check.IntervalSeconds);
        w.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
        w.WriteStartArray("httpStatusCodesForReady");
        foreach (var code in check.HttpStatusCodesForReady)
        {
            w.WriteNumberValue(code);
        }

        w.WriteEndArray();
        w.WriteBoolean("preserveLastResponse", check.PreserveLastResponse);
        w.WriteEndObject();
    }
}

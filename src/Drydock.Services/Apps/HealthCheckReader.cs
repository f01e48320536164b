using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>Reads <c>healthChecks</c> and <c>readinessChecks</c> with Marathon's defaults (marathon.md §2.5, §2.6).</summary>
internal static class HealthCheckReader
{
    public const string CommandMissing = "a COMMAND health check needs a command: {\"value\":\"<shell>\"}";

    private static readonly Dictionary<string, HealthCheckProtocol> Protocols = new(StringComparer.Ordinal)
    {
        ["HTTP"] = HealthCheckProtocol.Http,
        ["HTTPS"] = HealthCheckProtocol.Https,
        ["TCP"] = HealthCheckProtocol.Tcp,
        ["COMMAND"] = HealthCheckProtocol.Command,
        ["MESOS_HTTP"] = HealthCheckProtocol.MesosHttp,
        ["MESOS_HTTPS"] = HealthCheckProtocol.MesosHttps,
        ["MESOS_TCP"] = HealthCheckProtocol.MesosTcp,
    };

    private static readonly Dictionary<string, bool> IpProtocols = new(StringComparer.Ordinal) { ["IPV4"] = false, ["IPV6"] = true };
    private static readonly Dictionary<string, bool> ReadinessProtocols = new(StringComparer.Ordinal) { ["HTTP"] = false, ["HTTPS"] = true };

    /// <summary>Marathon's name of a protocol (<c>MESOS_HTTP</c>, …).</summary>
    public static string Name(HealthCheckProtocol protocol) => protocol switch
    {
        HealthCheckProtocol.Http => "HTTP",
        HealthCheckProtocol.Https => "HTTPS",
        HealthCheckProtocol.Tcp => "TCP",
        HealthCheckProtocol.Command => "COMMAND",
        HealthCheckProtocol.MesosHttp => "MESOS_HTTP",
        HealthCheckProtocol.MesosHttps => "MESOS_HTTPS",
        _ => "MESOS_TCP",
    };

    public static IReadOnlyList<HealthCheckDefinition>? ReadHealthChecks(JsonElement app, AppReadScope scope)
    {
        if (scope.Fields.Array(app, "healthChecks", "") is not { } array)
        {
            return null;
        }

        var result = new List<HealthCheckDefinition>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = JsonFields.Index("/healthChecks", i++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                scope.Shape.Add(at, "error.expected.jsobject");
                continue;
            }

            result.Add(ReadHealthCheck(item, at, scope));
        }

        return result;
    }

    public static IReadOnlyList<ReadinessCheckDefinition>? ReadReadinessChecks(JsonElement app, AppReadScope scope)
    {
        var fields = scope.Fields;
        if (fields.Array(app, "readinessChecks", "") is not { } array)
        {
            return null;
        }

        var result = new List<ReadinessCheckDefinition>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = JsonFields.Index("/readinessChecks", i++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                scope.Shape.Add(at, "error.expected.jsobject");
                continue;
            }

            var check = new ReadinessCheckDefinition();
            var codes = ReadStatusCodes(item, at, fields);
            result.Add(check with
            {
                Name = fields.String(item, "name", at, minLength: 1) ?? check.Name,
                Protocol = fields.Enum(item, "protocol", at, ReadinessProtocols) is { } https ? (https ? "HTTPS" : "HTTP") : check.Protocol,
                Path = fields.String(item, "path", at) ?? check.Path,
                PortName = fields.String(item, "portName", at) ?? check.PortName,
                IntervalSeconds = fields.Int32(item, "intervalSeconds", at, min: 1) ?? check.IntervalSeconds,
                TimeoutSeconds = fields.Int32(item, "timeoutSeconds", at, min: 1) ?? check.TimeoutSeconds,
                HttpStatusCodesForReady = codes ?? check.HttpStatusCodesForReady,
                PreserveLastResponse = fields.Bool(item, "preserveLastResponse", at) ?? check.PreserveLastResponse,
            });
        }

        return result;
    }

    private static HealthCheckDefinition ReadHealthCheck(JsonElement item, string at, AppReadScope scope)
    {
        var fields = scope.Fields;
        var check = new HealthCheckDefinition();
        string? command = null;
        if (fields.Object(item, "command", at) is { } commandObject)
        {
            command = fields.RequiredString(commandObject, "value", JsonFields.Member(at, "command"));
        }

        var protocol = fields.Enum(item, "protocol", at, Protocols) ?? check.Protocol;
        if (JsonFields.Has(item, "command"))
        {
            // A check with a command is a COMMAND check whatever protocol it names, as in Marathon's conversion.
            protocol = HealthCheckProtocol.Command;
        }
        else if (protocol == HealthCheckProtocol.Command)
        {
            scope.Rules.Add(JsonFields.Member(at, "command"), CommandMissing);
        }

        return check with
        {
            Protocol = protocol,
            Command = command,
            Path = fields.String(item, "path", at),
            PortIndex = fields.Int32(item, "portIndex", at, min: 0),
            Port = fields.Int32(item, "port", at, min: 0, max: 65535),
            GracePeriodSeconds = fields.Int32(item, "gracePeriodSeconds", at, min: 0) ?? check.GracePeriodSeconds,
            IntervalSeconds = fields.Int32(item, "intervalSeconds", at, min: 1) ?? check.IntervalSeconds,
            TimeoutSeconds = fields.Int32(item, "timeoutSeconds", at, min: 1) ?? check.TimeoutSeconds,
            MaxConsecutiveFailures = fields.Int32(item, "maxConsecutiveFailures", at, min: 0) ?? check.MaxConsecutiveFailures,
            DelaySeconds = fields.Int32(item, "delaySeconds", at, min: 0) ?? check.DelaySeconds,
            IgnoreHttp1xx = fields.Bool(item, "ignoreHttp1xx", at) ?? check.IgnoreHttp1xx,
            IpProtocol = fields.Enum(item, "ipProtocol", at, IpProtocols) is { } v6 ? (v6 ? "IPv6" : "IPv4") : check.IpProtocol,
        };
    }

    private static List<int>? ReadStatusCodes(JsonElement item, string at, JsonFields fields)
    {
        if (fields.Array(item, "httpStatusCodesForReady", at) is not { } array)
        {
            return null;
        }

        var codes = new List<int>();
        var i = 0;
        foreach (var code in array.EnumerateArray())
        {
            if (fields.Int32Value(code, JsonFields.Index(JsonFields.Member(at, "httpStatusCodesForReady"), i++), min: 100, max: 999) is { } n)
            {
                codes.Add(n);
            }
        }

        return codes;
    }
}

using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Scheduler;

/// <summary>A TaskInfo's health check and URIs as read, with mesos.proto's defaults and Mesos's validation.</summary>
public sealed class HealthCheckInfoTests
{
    private static TaskInfoMessage Read(string extra) =>
        TaskInfoMessage.Parse("""{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"resources":[],""" + extra + "}").Value!;

    [Fact]
    public void Parse_HealthCheckWithoutNumbers_HasMesosDefaults()
    {
        var check = Read("""
            "command":{"value":"x"},"health_check":{"type":"HTTP","http":{"port":8080,"path":"/ping"}}
            """).HealthCheck!;

        Assert.Equal((15d, 10d, 20d, 3L, 10d), (check.DelaySeconds, check.IntervalSeconds, check.TimeoutSeconds, check.ConsecutiveFailures, check.GracePeriodSeconds));
        Assert.Equal(("HTTP", 8080L, "/ping"), (check.Type, check.Port, check.Path));
        Assert.Null(check.Validate());
    }

    [Fact]
    public void Parse_CommandUris_ReadWithDefaults()
    {
        var uris = Read("""
            "command":{"value":"x","uris":[{"value":"http://h/a.tgz"},{"value":"/b","extract":false,"executable":true,"output_file":"c"}]}
            """).Uris;

        Assert.Equal(
            [new CommandUri { Value = "http://h/a.tgz" }, new CommandUri { Value = "/b", Extract = false, Executable = true, OutputFile = "c" }],
            uris);
    }

    [Theory]
    [InlineData("""{}""", "HealthCheck must specify 'type'")]
    [InlineData("""{"type":"COMMAND"}""", "Expecting 'command' to be set for COMMAND health check")]
    [InlineData("""{"type":"COMMAND","command":{"shell":true}}""", "Command health check must contain 'shell command'")]
    [InlineData("""{"type":"HTTP"}""", "Expecting 'http' to be set for HTTP health check")]
    [InlineData("""{"type":"HTTP","http":{"port":1,"scheme":"ftp"}}""", "Unsupported HTTP health check scheme: 'ftp'")]
    [InlineData("""{"type":"HTTP","http":{"port":1,"path":"ping"}}""", "The path 'ping' of HTTP health check must start with '/'")]
    [InlineData("""{"type":"TCP"}""", "Expecting 'tcp' to be set for TCP health check")]
    [InlineData("""{"type":"UNKNOWN"}""", "'UNKNOWN' is not a valid health check type")]
    [InlineData("""{"type":"TCP","tcp":{"port":1},"interval_seconds":-1}""", "Expecting 'interval_seconds' to be non-negative")]
    [InlineData("""{"type":"TCP","tcp":{"port":70000}}""", "Expecting 'tcp.port' to be a port number, got 70000")]
    public void Validate_InvalidCheck_MesosError(string check, string error)
    {
        Assert.Equal(error, Read("\"command\":{\"value\":\"x\"},\"health_check\":" + check).HealthCheck!.Validate());
    }

    [Fact]
    public void Parse_HttpCheckWithoutPort_RefusedAsMissingRequiredField()
    {
        var parsed = TaskInfoMessage.Parse("""{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"resources":[],"health_check":{"type":"HTTP","http":{}}}""");

        Assert.False(parsed.Succeeded);
        Assert.Contains("health_check.http.port", parsed.Error, StringComparison.Ordinal);
    }
}

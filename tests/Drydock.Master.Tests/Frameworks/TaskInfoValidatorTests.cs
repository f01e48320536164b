using System.Text.Json;
using Drydock.Master.Frameworks;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Tests.Frameworks;

/// <summary>A launch's numbers, in Mesos's order and words.</summary>
public sealed class TaskInfoValidatorTests
{
    private const string Cpus = """{"name":"cpus","type":"SCALAR","scalar":{"value":1}}""";

    [Theory]
    [InlineData("[" + Cpus + "]", null, null)]
    [InlineData("[]", null, "Task uses no resources")]
    [InlineData("[" + Cpus + "]", "-1", "Task's 'kill_policy.grace_period' must be non-negative")]
    [InlineData("[]", "-1", "Task's 'kill_policy.grace_period' must be non-negative")]
    [InlineData("[" + Cpus + "]", "0", null)]
    [InlineData("""[{"name":"cpus","type":"SCALAR","scalar":{"value":-3}}]""", null,
        "Task uses invalid resources: Invalid resources: Resource 'cpus(allocated: web):-3' is invalid: Invalid scalar resource: value <= 0")]
    [InlineData("""[{"name":"mem","type":"SCALAR","scalar":{"value":64}},{"name":"cpus","type":"SCALAR","scalar":{"value":0.0001}}]""", null,
        "Task uses invalid resources: Invalid resources: Resource 'cpus(allocated: web):0.0001' is invalid: Invalid scalar resource: value <= 0")]
    [InlineData("""[{"name":"gpus","type":"SCALAR","scalar":{"value":0.5}}]""", null,
        "Task uses invalid resources: Invalid 'gpus' resource: The 'gpus' resource must be an unsigned integer")]
    public void Validate_Task_MesosText(string resources, string? graceNanoseconds, string? expected)
    {
        var kill = graceNanoseconds is null ? string.Empty : ",\"kill_policy\":{\"grace_period\":{\"nanoseconds\":" + graceNanoseconds + "}}";
        using var document = JsonDocument.Parse("""{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"resources":""" + resources + kill + "}");
        var task = TaskInfoMessage.Read(document.RootElement);
        Assert.True(task.Succeeded, task.Error);

        Assert.Equal(expected, TaskInfoValidator.Validate(task.Value, "web"));
    }
}

using System.Text.Json;
using Drydock.Protocol.Operator;

namespace Drydock.Protocol.Tests.Operator;

public sealed class OperatorCallTests
{
    private static ParseResult<OperatorCall> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OperatorCall.Read(document.RootElement);
    }

    [Theory]
    [InlineData("""{}""", "Expecting 'type' to be present")]
    [InlineData("""{"type":null}""", "Expecting 'type' to be present")]
    [InlineData("""{"type":"FOO"}""", "Expecting 'type' to be present")]
    [InlineData("""{"type":"UPDATE_MAINTENANCE_SCHEDULE"}""", "Expecting 'update_maintenance_schedule' to be present")]
    [InlineData("""{"type":"START_MAINTENANCE"}""", "Expecting 'start_maintenance' to be present")]
    [InlineData("""{"type":"STOP_MAINTENANCE","start_maintenance":{}}""", "Expecting 'stop_maintenance' to be present")]
    [InlineData("""{"type":"GET_HEALTH"}""", null)]
    [InlineData("""{"type":"UNKNOWN"}""", null)]
    public void Validate_Calls_GiveMesosMessages(string json, string? error)
    {
        var call = Read(json);

        Assert.True(call.Succeeded, call.Error);
        Assert.Equal(error, call.Value.Validate());
    }

    [Fact]
    public void Read_UpdateWithoutSchedule_NamesThePath()
    {
        var call = Read("""{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{}}""");

        Assert.Equal("Missing required fields: update_maintenance_schedule.schedule", call.Error);
    }

    [Fact]
    public void Read_NestedMissingField_PathStartsAtCall()
    {
        var call = Read("""{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{"schedule":{"windows":[{"machine_ids":[]}]}}}""");

        Assert.Equal("Missing required fields: update_maintenance_schedule.schedule.windows[0].unavailability", call.Error);
    }

    [Fact]
    public void Read_StartMaintenance_ReadsMachines()
    {
        var call = Read("""{"type":"START_MAINTENANCE","start_maintenance":{"machines":[{"hostname":"m1","ip":"10.0.0.1"}]}}""");

        Assert.True(call.Succeeded, call.Error);
        Assert.Equal(OperatorCallType.START_MAINTENANCE, call.Value.Type);
        Assert.Single(call.Value.Machines!);
    }

    [Fact]
    public void Read_UpdateWeights_ReadsEachWeightInfo()
    {
        var call = Read("""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"web","weight":2.5},{"weight":"3"}]}}""");

        Assert.True(call.Succeeded, call.Error);
        Assert.Equal([new WeightInfo("web", 2.5), new WeightInfo("", 3)], call.Value.Weights!);
    }

    [Theory]
    [InlineData("""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"web"}]}}""", "Missing required fields: update_weights.weight_infos[0].weight")]
    [InlineData("""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"web","weight":true}]}}""", "Not expecting a JSON boolean for field 'weight'")]
    [InlineData("""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":{}}}""", "Not expecting a JSON object for field 'weight_infos'")]
    public void Read_BadUpdateWeights_GivesMesosParseError(string json, string error) =>
        Assert.Equal(error, Read(json).Error);

    [Fact]
    public void Read_TopLevelArray_IsNotAnObject() =>
        Assert.Equal("Expecting a JSON object", Read("[]").Error);
}

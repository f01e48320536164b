using System.Text;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Json;

/// <summary>A non-finite double that reaches a writer (a bug: inputs are checked) is written as 0, counted, and fails nothing.</summary>
public sealed class FiniteWritingTests
{
    [Theory]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void Finite_NonFinite_ZeroAndCounted(double value)
    {
        var before = JsonWriting.NonFiniteReplaced;

        Assert.Equal(0, JsonWriting.Finite(value));
        Assert.True(JsonWriting.NonFiniteReplaced > before);
    }

    [Fact]
    public void Finite_Finite_Unchanged() => Assert.Equal(-2.5, JsonWriting.Finite(-2.5));

    [Fact]
    public void SerializeState_NonFiniteInResourcesAndFailoverTimeout_WritesZero()
    {
        var resources = new Dictionary<string, object> { ["cpus"] = double.NegativeInfinity, ["mem"] = 64.0 };
        var framework = new FrameworkInfo { User = "u", Name = "n", FailoverTimeoutSeconds = double.PositiveInfinity };

        var json = Encoding.UTF8.GetString(MesosJson.SerializeStateToUtf8<IReadOnlyDictionary<string, object>>(resources));
        var info = FrameworkInfoJson.Serialize(framework, "f");

        Assert.Equal("""{"cpus":0,"mem":64}""", json);
        Assert.Contains("\"failover_timeout\":0", info, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteResource_NonFiniteScalar_WritesZero()
    {
        var bytes = JsonWriting.Build(w =>
        {
            w.WritePropertyName("r");
            ResourceJson.Write(w, new Resource("cpus", new Value(Drydock.Protocol.Resources.ValueType.SCALAR) { Scalar = double.NegativeInfinity }));
        });

        Assert.Contains("\"scalar\":{\"value\":0}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}

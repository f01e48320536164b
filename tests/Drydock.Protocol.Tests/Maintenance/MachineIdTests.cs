using Drydock.Protocol.Maintenance;

namespace Drydock.Protocol.Tests.Maintenance;

public sealed class MachineIdTests
{
    [Theory]
    [InlineData("Machine1", "10.0.0.1", "machine1", "10.0.0.1", true)]
    [InlineData("MACHINE1", null, "machine1", null, true)]
    [InlineData("m1", "10.0.0.1", "m1", "10.0.0.2", false)]
    [InlineData("m1", null, "m1", "10.0.0.1", false)]
    [InlineData(null, "10.0.0.1", "m1", "10.0.0.1", false)]
    [InlineData(null, "10.0.0.1", null, "10.0.0.1", true)]
    [InlineData("", "10.0.0.1", null, "10.0.0.1", false)]
    public void Equals_PresenceAndCase_FollowsMesos(string? h1, string? ip1, string? h2, string? ip2, bool equal)
    {
        var a = new MachineId(h1, ip1);
        var b = new MachineId(h2, ip2);

        Assert.Equal(equal, a.Equals(b));
        Assert.Equal(equal, b.Equals(a));
        if (equal)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Theory]
    [InlineData("Machine1", "0.0.0.1", """{"hostname":"Machine1","ip":"0.0.0.1"}""")]
    [InlineData("Machine1", null, """{"hostname":"Machine1"}""")]
    [InlineData(null, "0.0.0.2", """{"ip":"0.0.0.2"}""")]
    [InlineData(null, null, "{}")]
    public void ToJson_OnlySetFields_CompactAndSorted(string? hostname, string? ip, string expected) =>
        Assert.Equal(expected, new MachineId(hostname, ip).ToJson());
}

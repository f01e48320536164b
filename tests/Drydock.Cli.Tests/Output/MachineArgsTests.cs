using Drydock.Cli.Output;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Tests.Output;

public sealed class MachineArgsTests
{
    [Theory]
    [InlineData("agent-1=10.0.0.1", "agent-1", "10.0.0.1")]
    [InlineData("10.0.2.107", "10.0.2.107", "10.0.2.107")]
    [InlineData("agent-1=", "agent-1", null)]
    [InlineData("=10.0.0.1", null, "10.0.0.1")]
    [InlineData(" a = 10.0.0.1 ", "a", "10.0.0.1")]
    public void Parse_Forms_GiveMachineId(string text, string? hostname, string? ip) =>
        Assert.Equal(new MachineId(hostname, ip), MachineArgs.Parse(text));

    [Theory]
    [InlineData("agent-1")]
    [InlineData("=")]
    [InlineData("")]
    public void Parse_Ambiguous_IsRefusedWithHint(string text)
    {
        var error = Assert.Throws<FormatException>(() => MachineArgs.Parse(text));
        Assert.Contains("HOST=IP", error.Message, StringComparison.Ordinal);
    }
}

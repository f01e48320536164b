using Drydock.Agent.Configuration;

namespace Drydock.Agent.Tests.Configuration;

public sealed class EnvFileTests
{
    [Fact]
    public void Parse_DcosStyleFile_ReadsQuotedValuesAndSkipsComments()
    {
        const string text = """
            # /var/lib/dcos/mesos-slave-common
            MESOS_ATTRIBUTES=rack:r1;zone:west

            MESOS_RESOURCES='[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":1025,"end":2180}]}}]'
            export MESOS_DEFAULT_ROLE="slave_public"
            ; another comment
            """;

        var values = EnvFile.Parse(text, "test");

        Assert.Equal("rack:r1;zone:west", values["MESOS_ATTRIBUTES"]);
        Assert.StartsWith("[{\"name\":\"ports\"", values["MESOS_RESOURCES"], StringComparison.Ordinal);
        Assert.Equal("slave_public", values["MESOS_DEFAULT_ROLE"]);
        Assert.Equal(3, values.Count);
    }

    [Fact]
    public void Parse_LineWithoutEquals_NamesFileAndLine()
    {
        var error = Assert.Throws<FormatException>(() => EnvFile.Parse("A=1\nnot a pair\n", "/etc/x"));

        Assert.StartsWith("/etc/x:2:", error.Message, StringComparison.Ordinal);
    }
}

using Drydock.Agent.Configuration;

namespace Drydock.Agent.Tests.Configuration;

public sealed class AgentSettingsLoaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-agent-settings-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_Precedence_FlagThenLaterFileThenEarlierFileThenEnvironment()
    {
        var common = File("common", "MESOS_ATTRIBUTES=rack:file1\nMESOS_RESOURCES=cpus:2\nMESOS_WORK_DIR=/from/file\n");
        var resources = File("resources", "MESOS_RESOURCES=cpus:4\n");
        var environment = new Dictionary<string, string>
        {
            ["MESOS_ATTRIBUTES"] = "rack:env",
            ["MESOS_MASTER"] = "10.0.0.1:5050",
            ["MESOS_WORK_DIR"] = "/from/env",
            ["MESOS_HOSTNAME"] = "mesos-name",
            ["DRYDOCK_HOSTNAME"] = "drydock-name",
        };

        var settings = AgentSettingsLoader.Load(new Dictionary<string, string> { ["work_dir"] = "/from/flag" }, [common, resources], environment);

        Assert.Equal("/from/flag", settings.Get("work_dir"));
        Assert.Equal("cpus:4", settings.Get("resources"));
        Assert.Equal(resources, settings.SourceOf("resources"));
        Assert.Equal("rack:file1", settings.Get("attributes"));
        Assert.Equal("10.0.0.1:5050", settings.Get("master"));
        Assert.Equal("environment", settings.SourceOf("master"));
        Assert.Equal("drydock-name", settings.Get("hostname"));
        Assert.Null(settings.Get("default_role"));
    }
}

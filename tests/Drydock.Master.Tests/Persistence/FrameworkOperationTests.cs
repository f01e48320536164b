using Drydock.Master.Persistence;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Tests.Persistence;

public sealed class FrameworkOperationTests
{
    private static readonly DateTimeOffset First = DateTimeOffset.FromUnixTimeSeconds(100);

    [Fact]
    public void AddFramework_SameInfoAgain_LeavesTheStateAsItIs()
    {
        var stored = new StoredFramework("f", "{}", First);
        var once = new AddFrameworkOperation(stored).Apply(DurableState.Empty);

        var twice = new AddFrameworkOperation(stored with { RegisteredTime = First.AddHours(1) }).Apply(once);

        Assert.Same(once, twice);
    }

    [Fact]
    public void RemoveFramework_Unknown_LeavesTheStateAsItIs()
    {
        var state = new AddFrameworkOperation(new StoredFramework("f", "{}", First)).Apply(DurableState.Empty);

        Assert.Same(state, new RemoveFrameworkOperation("other").Apply(state));
        Assert.Empty(new RemoveFrameworkOperation("f").Apply(state).Frameworks);
    }

    [Fact]
    public void FrameworkInfoJson_SerializeThenParse_KeepsEveryField()
    {
        var info = new FrameworkInfo
        {
            User = "root",
            Name = "svc",
            FailoverTimeoutSeconds = 604800,
            Checkpoint = true,
            Roles = ["web", "batch"],
            Capabilities = ["MULTI_ROLE", "PARTITION_AWARE"],
            Hostname = "h",
            WebuiUrl = "http://h:8080",
            Principal = "p",
            Labels = [new Label("team", "core"), new Label("bare", null)],
        };

        var parsed = FrameworkInfoJson.Parse(FrameworkInfoJson.Serialize(info, "id-1"));

        Assert.True(parsed.Succeeded, parsed.Error);
        var back = parsed.Value;
        Assert.Equal("id-1", back.Id);
        Assert.Equal((info.User, info.Name, info.FailoverTimeoutSeconds, info.Checkpoint), (back.User, back.Name, back.FailoverTimeoutSeconds, back.Checkpoint));
        Assert.Equal(info.Roles, back.Roles);
        Assert.Equal(info.Capabilities, back.Capabilities);
        Assert.Equal((info.Hostname, info.WebuiUrl, info.Principal), (back.Hostname, back.WebuiUrl, back.Principal));
        Assert.Equal(info.Labels, back.Labels);
    }
}

using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

public sealed class MarathonProblemTests
{
    private static readonly Dictionary<string, MarathonProblem> Cases = new()
    {
        ["invalid-json"] = MarathonProblem.InvalidJson("Unexpected end"),
        ["no-data"] = MarathonProblem.NoData(),
        ["invalid-shape"] = MarathonProblem.InvalidShape([new ProblemDetail("/id", ["error.expected.jsstring"])]),
        ["invalid-shape-empty"] = MarathonProblem.InvalidShape([]),
        ["not-valid"] = MarathonProblem.NotValid([new ProblemDetail("/", ["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."])]),
        ["app-not-found"] = MarathonProblem.AppNotFound(PathId.Parse("/x")),
        ["version-not-found"] = MarathonProblem.AppVersionNotFound(PathId.Parse("/x"), new DateTimeOffset(2020, 3, 1, 12, 0, 0, TimeSpan.Zero)),
        ["app-exists"] = MarathonProblem.AppExists(PathId.Parse("/x")),
        ["locked"] = MarathonProblem.Locked(["d-1"]),
    };

    [Theory]
    [InlineData("invalid-json", 400, """{"message":"Invalid JSON","details":"Unexpected end"}""")]
    [InlineData("no-data", 400, """{"message":"Please specify data in JSON format","details":"No content to map due to end-of-input"}""")]
    [InlineData("invalid-shape", 422, """{"message":"Invalid JSON","details":[{"path":"/id","errors":["error.expected.jsstring"]}]}""")]
    [InlineData("invalid-shape-empty", 400, """{"message":"Invalid JSON","details":[]}""")]
    [InlineData("not-valid", 422, """{"message":"Object is not valid","details":[{"path":"/","errors":["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."]}]}""")]
    [InlineData("app-not-found", 404, """{"message":"App '/x' does not exist"}""")]
    [InlineData("version-not-found", 404, """{"message":"App '/x' does not exist in version 2020-03-01T12:00:00.000Z"}""")]
    [InlineData("app-exists", 409, """{"message":"An app with id [/x] already exists."}""")]
    [InlineData("locked", 409, """{"message":"App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.","deployments":[{"id":"d-1"}]}""")]
    public void ToJson_RendersMarathonsBody(string name, int status, string body)
    {
        var problem = Cases[name];
        Assert.Equal(status, problem.Status);
        Assert.Equal(body, problem.ToJson());
    }

    [Fact]
    public void Collector_GroupsByPathInFirstSeenOrderWithoutRepeats()
    {
        var collector = new ProblemCollector();
        collector.Add("/b", "x");
        collector.Add("", "root");
        collector.Add("/b", "y");
        collector.Add("/b", "x");

        Assert.Equal(["/b:x,y", "/:root"], collector.ToDetails().Select(d => d.Path + ":" + string.Join(',', d.Errors)));
    }
}

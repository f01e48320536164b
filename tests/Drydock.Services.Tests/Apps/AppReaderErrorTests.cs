namespace Drydock.Services.Tests.Apps;

public sealed class AppReaderErrorTests
{
    [Theory]
    [InlineData("""{"cmd":"sleep 1"}""", "/id", "error.path.missing")]
    [InlineData("""{"id":5,"cmd":"sleep 1"}""", "/id", "error.expected.jsstring")]
    [InlineData("""{"id":"/Web","cmd":"sleep 1"}""", "/id", "error.pattern")]
    [InlineData("""{"id":"/we_b","cmd":"sleep 1"}""", "/id", "error.pattern")]
    [InlineData("""{"id":"/-web","cmd":"sleep 1"}""", "/id", "error.pattern")]
    [InlineData("""{"id":"/w","cmd":""}""", "/cmd", "error.minLength")]
    [InlineData("""{"id":"/w","cmd":["a"]}""", "/cmd", "error.expected.jsstring")]
    [InlineData("""{"id":"/w","args":"a"}""", "/args", "error.expected.jsarray")]
    [InlineData("""{"id":"/w","args":["a",1]}""", "/args(1)", "error.expected.jsstring")]
    [InlineData("""{"id":"/w","cmd":"x y","instances":-1}""", "/instances", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","instances":1.5}""", "/instances", "error.expected.int")]
    [InlineData("""{"id":"/w","cmd":"x y","instances":"2"}""", "/instances", "error.expected.jsnumber")]
    [InlineData("""{"id":"/w","cmd":"x y","instances":3000000000}""", "/instances", "error.expected.int")]
    [InlineData("""{"id":"/w","cmd":"x y","cpus":0}""", "/cpus", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","cpus":"1"}""", "/cpus", "error.expected.jsnumber")]
    [InlineData("""{"id":"/w","cmd":"x y","mem":-1}""", "/mem", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","disk":-0.5}""", "/disk", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","gpus":-1}""", "/gpus", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","backoffFactor":0.5}""", "/backoffFactor", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","backoffSeconds":-1}""", "/backoffSeconds", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","maxLaunchDelaySeconds":-1}""", "/maxLaunchDelaySeconds", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","taskKillGracePeriodSeconds":-1}""", "/taskKillGracePeriodSeconds", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","requirePorts":"yes"}""", "/requirePorts", "error.expected.jsboolean")]
    [InlineData("""{"id":"/w","cmd":"x y","executor":"a//b"}""", "/executor", "error.pattern")]
    [InlineData("""{"id":"/w","cmd":"x y","labels":{"a":1}}""", "/labels/a", "error.expected.jsstring")]
    [InlineData("""{"id":"/w","cmd":"x y","labels":[]}""", "/labels", "error.expected.jsobject")]
    [InlineData("""{"id":"/w","cmd":"x y","env":{"A":true}}""", "/env/A", "error.expected.jsstring")]
    [InlineData("""{"id":"/w","cmd":"x y","env":{"A":{"secret":3}}}""", "/env/A/secret", "error.expected.jsstring")]
    [InlineData("""{"id":"/w","cmd":"x y","killSelection":"RANDOM"}""", "/killSelection", "error.unknown.enum.literal")]
    [InlineData("""{"id":"/w","cmd":"x y","upgradeStrategy":{"minimumHealthCapacity":1.5,"maximumOverCapacity":0}}""", "/upgradeStrategy/minimumHealthCapacity", "error.max")]
    [InlineData("""{"id":"/w","cmd":"x y","upgradeStrategy":{"minimumHealthCapacity":-0.1,"maximumOverCapacity":0}}""", "/upgradeStrategy/minimumHealthCapacity", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","upgradeStrategy":{"minimumHealthCapacity":1}}""", "/upgradeStrategy/maximumOverCapacity", "error.path.missing")]
    [InlineData("""{"id":"/w","cmd":"x y","upgradeStrategy":5}""", "/upgradeStrategy", "error.expected.jsobject")]
    [InlineData("""{"id":"/w","cmd":"x y","unreachableStrategy":{"inactiveAfterSeconds":-1}}""", "/unreachableStrategy/inactiveAfterSeconds", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","unreachableStrategy":"never"}""", "/unreachableStrategy", "error.unknown.enum.literal")]
    [InlineData("""{"id":"/w","cmd":"x y","healthChecks":[{"portIndex":-1}]}""", "/healthChecks(0)/portIndex", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","healthChecks":[{"portIndex":"0"}]}""", "/healthChecks(0)/portIndex", "error.expected.jsnumber")]
    [InlineData("""{"id":"/w","cmd":"x y","healthChecks":[{"protocol":"UDP"}]}""", "/healthChecks(0)/protocol", "error.unknown.enum.literal")]
    [InlineData("""{"id":"/w","cmd":"x y","healthChecks":[{"command":{}}]}""", "/healthChecks(0)/command/value", "error.path.missing")]
    [InlineData("""{"id":"/w","cmd":"x y","healthChecks":[5]}""", "/healthChecks(0)", "error.expected.jsobject")]
    [InlineData("""{"id":"/w","cmd":"x y","healthChecks":{}}""", "/healthChecks", "error.expected.jsarray")]
    [InlineData("""{"id":"/w","cmd":"x y","readinessChecks":[{"protocol":"TCP"}]}""", "/readinessChecks(0)/protocol", "error.unknown.enum.literal")]
    [InlineData("""{"id":"/w","cmd":"x y","readinessChecks":[{"timeoutSeconds":0}]}""", "/readinessChecks(0)/timeoutSeconds", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","portDefinitions":[{"port":70000}]}""", "/portDefinitions(0)/port", "error.max")]
    [InlineData("""{"id":"/w","cmd":"x y","portDefinitions":[{"name":"Http"}]}""", "/portDefinitions(0)/name", "error.pattern")]
    [InlineData("""{"id":"/w","cmd":"x y","portDefinitions":[{"protocol":"sctp"}]}""", "/portDefinitions(0)/protocol", "error.unknown.enum.literal")]
    [InlineData("""{"id":"/w","cmd":"x y","ports":[-1]}""", "/ports(0)", "error.min")]
    [InlineData("""{"id":"/w","cmd":"x y","fetch":[{"extract":true}]}""", "/fetch(0)/uri", "error.path.missing")]
    [InlineData("""{"id":"/w","cmd":"x y","constraints":["hostname"]}""", "/constraints(0)", "error.expected.jsarray")]
    [InlineData("""{"id":"/w","cmd":"x y","constraints":[["rack","MAX_PER",2]]}""", "/constraints(0)(2)", "error.expected.jsstring")]
    [InlineData("""{"id":"/w","cmd":"x y","container":{"type":"MESOS","volumes":[{"containerPath":"a","hostPath":"/b","mode":"RX"}]}}""", "/container/volumes(0)/mode", "error.unknown.enum.literal")]
    [InlineData("""{"id":"/w","cmd":"x y","container":{"volumes":[{"containerPath":"a","mode":"RO"}]}}""", "/container/volumes(0)/hostPath", "error.path.missing")]
    [InlineData("""{"id":"/w","cmd":"x y","container":"MESOS"}""", "/container", "error.expected.jsobject")]
    [InlineData("""{"id":"/w","cmd":"x y","dependencies":["/A"]}""", "/dependencies(0)", "error.pattern")]
    [InlineData("""{"id":"/w","cmd":"x y","acceptedResourceRoles":"*"}""", "/acceptedResourceRoles", "error.expected.jsarray")]
    [InlineData("""{"id":"/w","cmd":"x y","fetch":[{"uri":"http://a/b","cache":"no"}]}""", "/fetch(0)/cache", "error.expected.jsboolean")]
    public void ReadCreate_WrongShape_GivesInvalidJsonWithPlayKey(string body, string path, string error)
    {
        var problem = AppBodies.Problem(body);

        Assert.Equal(422, problem.Status);
        Assert.Equal("Invalid JSON", problem.Message);
        Assert.Contains(error, AppBodies.ErrorsAt(problem, path));
    }

    [Fact]
    public void ReadCreate_ManyShapeErrors_ReportsEveryOne()
    {
        var problem = AppBodies.Problem("""{"id":1,"cpus":"x","mem":-1,"healthChecks":[{"portIndex":-1},{"intervalSeconds":"s"}]}""");

        Assert.Equal(
            """{"message":"Invalid JSON","details":[{"path":"/id","errors":["error.expected.jsstring"]},{"path":"/cpus","errors":["error.expected.jsnumber"]},{"path":"/mem","errors":["error.min"]},{"path":"/healthChecks(0)/portIndex","errors":["error.min"]},{"path":"/healthChecks(1)/intervalSeconds","errors":["error.expected.jsnumber"]}]}""",
            problem.ToJson());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n\t")]
    public void ReadCreate_EmptyBody_Gives400PleaseSpecifyData(string body)
    {
        var problem = AppBodies.Problem(body);

        Assert.Equal(400, problem.Status);
        Assert.Equal("Please specify data in JSON format", problem.Message);
        Assert.NotNull(problem.DetailsText);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"id\":\"/a\",}")]
    [InlineData("not json")]
    [InlineData("{\"id\":\"/a\"} trailing")]
    public void ReadCreate_NotJson_Gives400InvalidJsonWithStringDetails(string body)
    {
        var problem = AppBodies.Problem(body);

        Assert.Equal(400, problem.Status);
        Assert.Equal("Invalid JSON", problem.Message);
        Assert.False(string.IsNullOrEmpty(problem.DetailsText));
        Assert.StartsWith("{\"message\":\"Invalid JSON\",\"details\":\"", problem.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCreate_InvalidUtf8_Gives400InvalidJson()
    {
        var result = AppBodies.Reader.ReadCreate(new byte[] { (byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}' });

        Assert.Equal(400, result.Problem!.Status);
        Assert.Equal("Invalid JSON", result.Problem.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"app\"")]
    [InlineData("42")]
    public void ReadCreate_NotAnObject_GivesExpectedJsObject(string body)
    {
        var problem = AppBodies.Problem(body);

        Assert.Equal(422, problem.Status);
        Assert.Equal(["error.expected.jsobject"], AppBodies.ErrorsAt(problem, "/"));
    }

    [Fact]
    public void ReadCreate_ShapeAndRuleErrors_ShapeComesFirstAlone()
    {
        var problem = AppBodies.Problem("""{"id":"/w","cpus":"x","constraints":[["a","NEAR"]]}""");

        Assert.Equal("Invalid JSON", problem.Message);
        Assert.Single(problem.Details!);
    }
}

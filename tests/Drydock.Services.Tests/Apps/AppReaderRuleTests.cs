using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

public sealed class AppReaderRuleTests
{
    private const string SingleInstanceLabels = "\"labels\":{\"MARATHON_SINGLE_INSTANCE_APP\":\"true\"}";

    [Theory]
    [InlineData("""{"id":"/w"}""", "/", AppValidator.CmdOrArgs)]
    [InlineData("""{"id":"/w","args":[]}""", "/", AppValidator.CmdOrArgs)]
    [InlineData("""{"id":"/w","cmd":"a b","args":["c"]}""", "/", AppValidator.CmdOrArgs)]
    [InlineData("""{"id":"/w","cmd":"a"}""", "/", AppValidator.EmptyCmd)]
    [InlineData("""{"id":"/","cmd":"a b"}""", "/id", AppIdRules.Empty)]
    [InlineData("""{"id":"/","cmd":"a b"}""", "/", AppIdRules.Root)]
    [InlineData("""{"id":"..","cmd":"a b"}""", "/", AppIdRules.Root)]
    [InlineData("""{"id":"/a/restart","cmd":"a b"}""", "/id", AppIdRules.Reserved)]
    [InlineData("""{"id":"/a/tasks","cmd":"a b"}""", "/id", AppIdRules.Reserved)]
    [InlineData("""{"id":"/a/versions","cmd":"a b"}""", "/id", AppIdRules.Reserved)]
    [InlineData("""{"id":"/a/b/..","cmd":"a b"}""", "/id", AppIdRules.Reserved)]
    [InlineData("""{"id":"/a/.","cmd":"a b"}""", "/id", AppIdRules.Reserved)]
    [InlineData("""{"id":"/w","cmd":"a b","secrets":{"s":{"source":"x"}}}""", "/secrets", AppValidator.SecretsFeature)]
    [InlineData("""{"id":"/w","cmd":"a b","env":{"A":{"secret":"s"}}}""", "/env", AppValidator.EnvSecretsFeature)]
    [InlineData("""{"id":"/w","cmd":"a b","gpus":1}""", "/", AppValidator.GpuFeature)]
    [InlineData("""{"id":"/w","cmd":"a b","tty":true}""", "/tty", AppPatchReader.TtyRefused)]
    [InlineData("""{"id":"/w","cmd":"a b","portDefinitions":[{"port":0,"name":"a"},{"port":0,"name":"a"}]}""", "/portDefinitions", AppValidator.PortNamesUnique)]
    [InlineData("""{"id":"/w","cmd":"a b","portDefinitions":[{"port":8080},{"port":8080}]}""", "/portDefinitions", AppValidator.PortsUnique)]
    [InlineData("""{"id":"/w","cmd":"a b","ports":[80,80]}""", "/", AppPartsReader.PortsNotUnique)]
    [InlineData("""{"id":"/w","cmd":"a b","ports":[80],"portDefinitions":[{"port":81}]}""", "/", AppPartsReader.PortsAndDefinitions)]
    [InlineData("""{"id":"/w","cmd":"a b","uris":["http://a/b"],"fetch":[{"uri":"http://a/c"}]}""", "/uris", AppPartsReader.UrisWithFetch)]
    [InlineData("""{"id":"/w","cmd":"a b","fetch":[{"uri":"http://a b/c"}]}""", "/fetch(0)/uri", AppPartsReader.InvalidUri)]
    [InlineData("""{"id":"/w","cmd":"a b","uris":["http://a/c","x y"]}""", "/uris(1)", AppPartsReader.InvalidUri)]
    [InlineData("""{"id":"/w","cmd":"a b","portDefinitions":[],"healthChecks":[{"protocol":"HTTP"}]}""", "/healthChecks(0)", AppValidator.HealthPortIndex)]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"TCP","portIndex":1}]}""", "/healthChecks(0)", AppValidator.HealthPortIndex)]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"MESOS_HTTP","portIndex":3}]}""", "/healthChecks(0)", AppValidator.HealthPortIndex)]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"MESOS_HTTP"},{"protocol":"MESOS_TCP"}]}""", "/", AppValidator.OneMesosCheck)]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"HTTP"},{"protocol":"MESOS_TCP"}]}""", "/", AppValidator.MixedChecks)]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"MESOS_TCP","ipProtocol":"IPv6"}]}""", "/healthChecks(0)/ipProtocol", AppValidator.Ipv6Check)]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"COMMAND"}]}""", "/healthChecks(0)/command", HealthCheckReader.CommandMissing)]
    [InlineData("""{"id":"/w","cmd":"a b","readinessChecks":[{"portName":"http"}]}""", "/readinessChecks(0)/portName", "No port definition reference for portName http")]
    [InlineData("""{"id":"/w","cmd":"a b","portDefinitions":[{"name":"http-api"}],"readinessChecks":[{"intervalSeconds":5,"timeoutSeconds":5}]}""", "/readinessChecks(0)/timeoutSeconds", "got 5, expected less than 5")]
    [InlineData("""{"id":"/w","cmd":"a b","portDefinitions":[{"name":"http-api"}],"readinessChecks":[{},{}]}""", "/readinessChecks", "got 2, expected 1 or less")]
    [InlineData("""{"id":"/w","cmd":"a b","unreachableStrategy":{"inactiveAfterSeconds":600,"expungeAfterSeconds":300}}""", "/unreachableStrategy", "inactiveAfterSeconds (600) must be less or equal to expungeAfterSeconds, which is 300")]
    [InlineData("""{"id":"/w","cmd":"a b","unreachableStrategy":{"inactiveAfterSeconds":60}}""", "/unreachableStrategy", "inactiveAfterSeconds (60) must be less or equal to expungeAfterSeconds, which is 0")]
    [InlineData("{\"id\":\"/w\",\"cmd\":\"a b\",\"instances\":2,\"upgradeStrategy\":{\"minimumHealthCapacity\":0,\"maximumOverCapacity\":0}," + SingleInstanceLabels + "}", "/", AppValidator.SingleInstance)]
    [InlineData("{\"id\":\"/w\",\"cmd\":\"a b\"," + SingleInstanceLabels + "}", "/upgradeStrategy/minimumHealthCapacity", "must be 0 for a single instance app (label MARATHON_SINGLE_INSTANCE_APP)")]
    [InlineData("{\"id\":\"/w\",\"cmd\":\"a b\"," + SingleInstanceLabels + "}", "/upgradeStrategy/maximumOverCapacity", "must be 0 for a single instance app (label MARATHON_SINGLE_INSTANCE_APP)")]
    [InlineData("""{"id":"/w","cmd":"a b","labels":{"DCOS_MIGRATION_API_VERSION":"v1"}}""", "/", AppValidator.MigrationApi)]
    [InlineData("""{"id":"/w","cmd":"a b","acceptedResourceRoles":[]}""", "/acceptedResourceRoles", AppValidator.RolesNotEmpty)]
    [InlineData("""{"id":"/w","cmd":"a b","acceptedResourceRoles":["*","*"]}""", "/acceptedResourceRoles", AppValidator.RolesUnique)]
    [InlineData("""{"id":"/w","cmd":"a b","acceptedResourceRoles":["slave_public"]}""", "/acceptedResourceRoles", "acceptedResourceRoles can only contain * and *")]
    [InlineData("""{"id":"/w","cmd":"a b","role":"other"}""", "/role", "role 'other' is not allowed for /w: use '*' (the default role or the name of the app's top-level group)")]
    [InlineData("""{"id":"/w","cmd":"a b","check":{"exec":{}}}""", "/check", "'check' is not supported: use healthChecks")]
    [InlineData("""{"id":"/w","cmd":"a b","executorResources":{"cpus":1}}""", "/executorResources", "'executorResources' is not supported: this scheduler runs commands with the command executor")]
    [InlineData("""{"id":"/w","cmd":"a b","resourceLimits":{"cpus":"unlimited"}}""", "/resourceLimits", "'resourceLimits' is not supported: this scheduler runs commands with the resources they ask for")]
    [InlineData("""{"id":"/w","cmd":"a b","ipAddress":{"networkName":"dcos"}}""", "/ipAddress", "'ipAddress' is not supported: this scheduler runs commands on host networking only")]
    [InlineData("""{"id":"/w","cmd":"a b","residency":{}}""", "/residency", "'residency' is not supported: this scheduler runs no resident (persistent volume) apps")]
    public void ReadCreate_RuleBroken_GivesObjectIsNotValidAtPath(string body, string path, string error)
    {
        var problem = AppBodies.Problem(body);

        Assert.Equal(422, problem.Status);
        Assert.Equal("Object is not valid", problem.Message);
        Assert.Contains(error, AppBodies.ErrorsAt(problem, path));
    }

    [Theory]
    [InlineData("""{"type":"DOCKER","docker":{"image":"nginx"}}""", ContainerReader.DockerRefused)]
    [InlineData("""{"docker":{"image":"nginx"}}""", ContainerReader.ImageRefused)]
    [InlineData("""{"type":"MESOS","docker":{"image":"nginx"}}""", ContainerReader.ImageRefused)]
    [InlineData("""{"type":"MESOS","appc":{"image":"x"}}""", ContainerReader.ImageRefused)]
    [InlineData("""{"type":"MESOS","portMappings":[{"containerPort":80}]}""", ContainerReader.PortMappingsRefused)]
    [InlineData("""{"type":"MESOS","linuxInfo":{"seccomp":{}}}""", ContainerReader.LinuxInfoRefused)]
    [InlineData("""{"type":"MESOS","volumes":[{"containerPath":"data","persistent":{"size":10},"mode":"RW"}]}""", ContainerReader.VolumeRefused)]
    [InlineData("""{"type":"MESOS","volumes":[{"containerPath":"x","secret":"s"}]}""", ContainerReader.VolumeRefused)]
    public void ReadCreate_ContainerThatIsNotACommand_RefusedAtContainer(string container, string error)
    {
        var problem = AppBodies.Problem("{\"id\":\"/w\",\"cmd\":\"a b\",\"container\":" + container + "}");

        Assert.Equal("Object is not valid", problem.Message);
        Assert.Contains(error, AppBodies.ErrorsAt(problem, "/container"));
    }

    [Theory]
    [InlineData("""[{"mode":"container","name":"dcos"}]""", ContainerReader.NetworkModeRefused + " (network mode 'container')")]
    [InlineData("""[{"mode":"container/bridge"}]""", ContainerReader.NetworkModeRefused + " (network mode 'container/bridge')")]
    [InlineData("""[{"mode":"host","name":"x"}]""", ContainerReader.HostNetworkNamed)]
    [InlineData("""[{"mode":"host"},{"mode":"host"}]""", ContainerReader.NetworkCount)]
    public void ReadCreate_NetworkOtherThanOneHost_RefusedAtNetworks(string networks, string error)
    {
        var problem = AppBodies.Problem("{\"id\":\"/w\",\"cmd\":\"a b\",\"networks\":" + networks + "}");

        Assert.Contains(error, AppBodies.ErrorsAt(problem, "/networks"));
    }

    [Fact]
    public void ReadCreate_ManyRulesBroken_ReportsEveryOneGroupedByPath()
    {
        var problem = AppBodies.Problem("""{"id":"/w","gpus":2,"constraints":[["a","NEAR"],["b","UNIQUE","x"]],"secrets":{"s":{"source":"x"}}}""");

        Assert.Equal(
            """{"message":"Object is not valid","details":[{"path":"/constraints(0)","errors":["operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS"]},{"path":"/constraints(1)","errors":["UNIQUE does not accept a value"]},{"path":"/","errors":["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.","Feature gpu_resources is not enabled. Enable with --enable_features gpu_resources)"]},{"path":"/secrets","errors":["Feature secrets is not enabled. Enable with --enable_features secrets)"]}]}""",
            problem.ToJson());
    }

    [Theory]
    [InlineData("""{"id":"/w","cmd":"a b","container":{"type":"MESOS"}}""")]
    [InlineData("""{"id":"/w","cmd":"a b","container":{"type":"mesos","volumes":[{"containerPath":"/d","hostPath":"/srv/d","mode":"RO"}]}}""")]
    [InlineData("""{"id":"/w","cmd":"a b","networks":[{"mode":"host"}]}""")]
    [InlineData("""{"id":"/w","cmd":"a b","tty":false}""")]
    [InlineData("""{"id":"/w","args":["/bin/server","--port","8080"]}""")]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"HTTP"},{"protocol":"COMMAND","command":{"value":"true"}},{"protocol":"COMMAND","command":{"value":"true"}}]}""")]
    [InlineData("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"MESOS_HTTP"},{"command":{"value":"true"}}]}""")]
    [InlineData("""{"id":"/w","cmd":"a b","portDefinitions":[],"healthChecks":[{"protocol":"HTTP","port":8080}]}""")]
    [InlineData("""{"id":"/w","cmd":"a b","acceptedResourceRoles":["*"]}""")]
    [InlineData("""{"id":"/prod/w","cmd":"a b","role":"prod","acceptedResourceRoles":["*","prod"]}""")]
    [InlineData("""{"id":"/w","cmd":"a b","unreachableStrategy":"disabled"}""")]
    [InlineData("""{"id":"/w","cmd":"a b","labels":{"DCOS_MIGRATION_API_VERSION":"v1","DCOS_PACKAGE_FRAMEWORK_NAME":"x","DCOS_MIGRATION_API_PATH":"/m"}}""")]
    [InlineData("{\"id\":\"/w\",\"cmd\":\"a b\",\"upgradeStrategy\":{\"minimumHealthCapacity\":0,\"maximumOverCapacity\":0}," + SingleInstanceLabels + "}")]
    [InlineData("""{"id":"/w","cmd":"a b","instances":3.0,"executor":"//cmd"}""")]
    public void ReadCreate_AllowedShapes_Succeed(string body)
    {
        var result = AppBodies.Create(body);

        Assert.True(result.Succeeded, result.Problem?.ToJson());
    }
}

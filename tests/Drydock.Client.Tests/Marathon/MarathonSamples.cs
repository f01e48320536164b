namespace Drydock.Client.Tests.Marathon;

/// <summary>Replies shaped as marathon.md §3–§5 writes them, with fields the client does not read left in.</summary>
internal static class MarathonSamples
{
    public const string DeploymentId = "5ed1e1a8-2f6a-4d4b-9a1e-0c1c2d3e4f50";

    public const string Task = """
        {"id":"prod_api.instance-1b2c._app.1","appId":"/prod/api","host":"10.0.1.5","slaveId":"S1","state":"TASK_RUNNING",
         "stagedAt":"2020-03-01T12:00:01.000Z","startedAt":"2020-03-01T12:00:03.000Z","version":"2020-03-01T12:00:00.000Z",
         "ports":[31842,31843],"servicePorts":[],"ipAddresses":[{"ipAddress":"10.0.1.5","protocol":"IPv4"}],
         "healthCheckResults":[{"alive":true,"consecutiveFailures":0,"firstSuccess":"2020-03-01T12:00:05.000Z","instanceId":"prod_api.instance-1b2c"}],
         "localVolumes":[],"role":"*"}
        """;

    public const string App = """
        {"id":"/prod/api","cmd":"python3 -m http.server $PORT0","backoffFactor":1.15,"backoffSeconds":1,"cpus":0.1,"disk":0,
         "executor":"","instances":2,"labels":{},"maxLaunchDelaySeconds":300,"mem":64.0,"gpus":0,"networks":[{"mode":"host"}],
         "portDefinitions":[{"port":10000,"name":"default","protocol":"tcp"}],"requirePorts":false,
         "healthChecks":[{"protocol":"MESOS_HTTP","path":"/","portIndex":0}],
         "upgradeStrategy":{"maximumOverCapacity":1,"minimumHealthCapacity":1},"version":"2020-03-01T12:00:00.000Z",
         "versionInfo":{"lastScalingAt":"2020-03-01T12:00:00.000Z","lastConfigChangeAt":"2020-03-01T11:00:00.000Z"},
         "killSelection":"YOUNGEST_FIRST","unreachableStrategy":{"inactiveAfterSeconds":0,"expungeAfterSeconds":0},"role":"*",
         "tasksStaged":0,"tasksRunning":1,"tasksHealthy":1,"tasksUnhealthy":0,
         "deployments":[{"id":"5ed1e1a8-2f6a-4d4b-9a1e-0c1c2d3e4f50"}],
         "lastTaskFailure":{"appId":"/prod/api","host":"10.0.1.6","message":"Command exited with status 1","state":"TASK_FAILED",
                            "taskId":"prod_api.instance-0a0a._app.1","timestamp":"2020-03-01T11:59:00.000Z","version":"2020-03-01T11:00:00.000Z"},
         "tasks":[
        """ + Task + "]}";

    public const string Deployments = """
        [{"id":"5ed1e1a8-2f6a-4d4b-9a1e-0c1c2d3e4f50","version":"2020-03-01T12:00:00.000Z","affectedApps":["/prod/api"],"affectedPods":[],
          "steps":[{"actions":[{"action":"StartApplication","app":"/prod/api"}]},{"actions":[{"action":"ScaleApplication","app":"/prod/api"}]}],
          "currentActions":[{"action":"ScaleApplication","app":"/prod/api","readinessCheckResults":[]}],"currentStep":2,"totalSteps":2}]
        """;

    public const string DeploymentResult = """{"deploymentId":"5ed1e1a8-2f6a-4d4b-9a1e-0c1c2d3e4f50","version":"2020-03-01T12:00:00.000Z"}""";
}

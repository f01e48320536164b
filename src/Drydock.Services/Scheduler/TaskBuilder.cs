using System.Globalization;
using Drydock.Client.Scheduler;
using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Instances;
using Drydock.Services.Placement;
using ClientCommandUri = Drydock.Client.Scheduler.CommandUri;

namespace Drydock.Services.Scheduler;

/// <summary>
/// The Mesos TaskInfo of one instance's next task: the app's command (shell line or argv), the task environment of
/// marathon.md §2.3, the fetch URIs, the resources the placement took (with their roles), the one Mesos-level health
/// check, the kill grace period, the labels and the named ports (as DiscoveryInfo).
/// </summary>
internal static class TaskBuilder
{
    public static TaskInfo Build(AppDefinition app, Instance instance, InstancePlacement placement, string? defaultUser)
    {
        var taskId = instance.TaskId ?? throw new InvalidOperationException("The instance has no incarnation yet.");
        var hostPorts = placement.Taken.HostPorts;
        var environment = TaskEnvironment.Build(app, taskId, placement.Offer.Hostname, hostPorts)
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var command = app.Cmd is { } cmd
            ? new CommandInfo(cmd) { Shell = true }
            : new CommandInfo(app.Args[0]) { Shell = false, Arguments = app.Args };
        command = command with
        {
            User = app.User ?? defaultUser,
            Environment = environment,
            Uris = app.Fetch.Select(f => new ClientCommandUri(f.Uri) { Extract = f.Extract, Executable = f.Executable, Cache = f.Cache, OutputFile = f.DestPath }).ToArray(),
        };

        return new TaskInfo(taskId, app.Id.Safe, placement.Offer.AgentId, placement.Taken.Resources)
        {
            Command = command,
            HealthCheck = HealthCheckOf(app, hostPorts),
            KillGracePeriod = app.TaskKillGracePeriodSeconds is { } grace ? TimeSpan.FromSeconds(grace) : null,
            Labels = app.Labels.Select(l => new Label(l.Key, l.Value)).ToArray(),
            AllocationRole = placement.Offer.Role,
        };
    }

    /// <summary>The app's Mesos-level check (MESOS_HTTP, MESOS_HTTPS, MESOS_TCP or COMMAND) for the agent to run; null when it has none.</summary>
    public static HealthCheck? HealthCheckOf(AppDefinition app, IReadOnlyList<int> hostPorts)
    {
        var check = app.HealthChecks.FirstOrDefault(c => c.RunByAgent);
        if (check is null)
        {
            return null;
        }

        var port = check.Port ?? (check.PortIndex is { } index && index < hostPorts.Count ? hostPorts[index] : hostPorts.Count > 0 ? hostPorts[0] : 0);
        var common = new HealthCheck(check.Protocol switch
        {
            HealthCheckProtocol.Command => HealthCheckType.COMMAND,
            HealthCheckProtocol.MesosTcp => HealthCheckType.TCP,
            _ => HealthCheckType.HTTP,
        })
        {
            DelaySeconds = check.DelaySeconds,
            IntervalSeconds = check.IntervalSeconds,
            TimeoutSeconds = check.TimeoutSeconds,
            // Mesos kills after `consecutive_failures` failures; Marathon's 0 means "kill on the first" for Mesos checks.
            ConsecutiveFailures = Math.Max(1, check.MaxConsecutiveFailures),
            GracePeriodSeconds = check.GracePeriodSeconds,
        };
        return check.Protocol switch
        {
            HealthCheckProtocol.Command => common with { Command = new CommandInfo(check.Command ?? "true") },
            HealthCheckProtocol.MesosTcp => common with { Tcp = new TcpHealthCheck(port) },
            _ => common with
            {
                Http = new HttpHealthCheck(port)
                {
                    Scheme = check.Protocol == HealthCheckProtocol.MesosHttps ? "https" : "http",
                    Path = check.Path ?? "/",
                },
            },
        };
    }

    /// <summary>The text of a port number, for logs.</summary>
    public static string Ports(IReadOnlyList<int> ports) => string.Join(',', ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}

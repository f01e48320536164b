using System.CommandLine;
using System.Globalization;
using Drydock.Cli.Commands.Master;
using Drydock.Platform;
using Drydock.Services.Hosting;

namespace Drydock.Cli.Commands.Services;

/// <summary>
/// <c>drydock services</c>: runs the Marathon-compatible service scheduler until SIGTERM or SIGINT. Every flag may also
/// come from <c>DRYDOCK_&lt;NAME&gt;</c> (e.g. <c>DRYDOCK_MASTER</c>); a flag on the command line wins.
/// </summary>
internal static class ServicesRunCommand
{
    private static readonly ServicesSettings Defaults = new();

    public static Command Create()
    {
        var master = MasterRunCommand.Flag("--master", "The master, as HOST:PORT or a URL", Defaults.Master);
        var ip = MasterRunCommand.Flag("--ip", "The address to serve the /v2 API on", Defaults.Ip);
        var port = MasterRunCommand.Flag("--port", "The port of the /v2 API (0: any free port)", Defaults.Port.ToString(CultureInfo.InvariantCulture));
        var hostname = MasterRunCommand.Flag("--hostname", "The name the scheduler advertises in its webui_url (default: the ip)", null);
        var workDir = MasterRunCommand.Flag("--work-dir", "Where the scheduler keeps its durable state (created if missing)", Defaults.WorkDir);
        var frameworkName = MasterRunCommand.Flag("--framework-name", "The framework's name (the master routes /service/<name>/ here)", Defaults.FrameworkName);
        var role = MasterRunCommand.Flag("--role", "The role the scheduler subscribes with and apps run under by default", Defaults.Role);
        var user = MasterRunCommand.Flag("--user", "The user tasks run as when an app names none (default: the agent's)", null);
        var failover = MasterRunCommand.Flag("--failover-timeout", "How long the master keeps the framework's tasks while the scheduler is away (e.g. 1w, 24h)", "1weeks");
        var logLevel = MasterRunCommand.Flag("--log-level", "trace, debug, info, warning, error", Defaults.LogLevel);
        var eventBacklog = MasterRunCommand.Flag("--event-stream-max-outstanding-messages", "How many events a /v2/events client may fall behind before it is disconnected", Defaults.EventStreamMaxOutstandingMessages.ToString(CultureInfo.InvariantCulture));

        var command = new Command("services", "Run the service scheduler: Marathon's /v2 API over the scheduler API")
        {
            master, ip, port, hostname, workDir, frameworkName, role, user, failover, logLevel, eventBacklog,
        };
        command.SetAction(async (parse, ct) =>
        {
            var errors = new List<string>();
            var settings = new ServicesSettings
            {
                Master = parse.GetValue(master)!,
                Ip = parse.GetValue(ip)!,
                Port = ParsePort(parse.GetValue(port)!, errors),
                Hostname = parse.GetValue(hostname),
                WorkDir = parse.GetValue(workDir)!,
                FrameworkName = parse.GetValue(frameworkName)!,
                Role = parse.GetValue(role)!,
                User = parse.GetValue(user),
                FailoverTimeout = ParseDuration(parse.GetValue(failover)!, "--failover-timeout", errors),
                LogLevel = parse.GetValue(logLevel)!,
                EventStreamMaxOutstandingMessages = ParseCount(parse.GetValue(eventBacklog)!, "--event-stream-max-outstanding-messages", errors),
            };
            errors.AddRange(settings.Validate());
            if (errors.Count > 0)
            {
                errors.Distinct().ToList().ForEach(e => Console.Error.WriteLine("error: " + e));
                return CliRunner.Usage;
            }

            ServicesHost host;
            try
            {
                host = ServicesHost.Create(settings);
            }
            catch (Exception e) when (e is WorkDirInUseException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return CliRunner.Refused;
            }

            await using (host)
            {
                await host.StartAsync(ct);
                try
                {
                    await host.WaitForShutdownAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // SIGINT reaches the command line first; it is as much a request to stop as SIGTERM.
                }

                await host.StopAsync();
                if (host.Failed)
                {
                    return CliRunner.Refused;
                }
            }

            return 0;
        });
        return command;
    }

    private static int ParsePort(string text, List<string> errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"--port '{text}' is not a number");
        return 0;
    }

    private static int ParseCount(string text, string flag, List<string> errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{flag} '{text}' is not a number");
        return 1;
    }

    private static TimeSpan ParseDuration(string text, string flag, List<string> errors)
    {
        try
        {
            var span = Output.TimeText.ParseDuration(text);
            if (span > TimeSpan.Zero)
            {
                return span;
            }
        }
        catch (FormatException)
        {
        }

        errors.Add($"{flag} '{text}' is not a positive duration (e.g. 1w, 24h)");
        return TimeSpan.FromDays(7);
    }
}

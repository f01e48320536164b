using System.Runtime.InteropServices;
using Drydock.Agent.Configuration;
using Drydock.Platform;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Hosting;

/// <summary>Runs <c>drydock agent</c>: merges the flag sources, validates them, and runs the agent until it stops.</summary>
public static partial class AgentProgram
{
    public const int ExitUsage = 2;

    /// <summary>Another process holds the work dir (or it cannot be locked): nothing was touched.</summary>
    public const int ExitWorkDirInUse = 1;

    /// <summary>
    /// Runs an agent. <paramref name="commandLine"/> holds only the flags given on the command line (snake_case
    /// names); <paramref name="envFiles"/> are the <c>--env-file</c> paths in order.
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyDictionary<string, string> commandLine,
        IReadOnlyList<string> envFiles,
        CancellationToken stop)
    {
        AgentSettings settings;
        try
        {
            var environment = Environment.GetEnvironmentVariables()
                .Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
            settings = AgentSettingsLoader.Load(commandLine, envFiles, environment);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return ExitUsage;
        }

        var workDir = settings.Get("work_dir") ?? "./.drydock/agent";
        var (options, errors) = AgentOptions.From(settings, MachineResources.Detect(workDir));
        if (options is null)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("error: " + error);
            }

            return ExitUsage;
        }

        WorkDirLock workDirLock;
        try
        {
            workDirLock = WorkDirLock.Acquire(options.WorkDir);
        }
        catch (Exception e) when (e is WorkDirInUseException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return ExitWorkDirInUse;
        }

        using var held = workDirLock;
        using var loggers = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(options.LogLevel switch
            {
                "debug" => LogLevel.Debug,
                "warning" => LogLevel.Warning,
                "error" => LogLevel.Error,
                _ => LogLevel.Information,
            });
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        });
        // SIGTERM and SIGINT stop the agent: the channel closes and the master sees a disconnect (tasks keep running).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var runtime = new AgentRuntime(options, TimeProvider.System, loggers);
        return await runtime.RunAsync(stopping.Token);
    }

    /// <summary>
    /// Runs an agent inside another process (<c>drydock dev</c>): flags come only from <paramref name="flags"/>, logs go
    /// to <paramref name="loggers"/>, and signals are left to the host process. <paramref name="registered"/> hears each
    /// (re-)registration's agent id; with <paramref name="killTasksOnStop"/> the agent's tasks are killed when
    /// <paramref name="stop"/> fires (otherwise they run on, to be re-adopted by the next run).
    /// </summary>
    public static async Task<int> RunInProcessAsync(
        IReadOnlyDictionary<string, string> flags,
        ILoggerFactory loggers,
        CancellationToken stop,
        Action<string>? registered = null,
        bool killTasksOnStop = false)
    {
        var settings = AgentSettingsLoader.Load(flags, [], new Dictionary<string, string>());
        var (options, errors) = AgentOptions.From(settings, MachineResources.Detect(settings.Get("work_dir") ?? "."));
        if (options is null)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }

        WorkDirLock workDirLock;
        try
        {
            workDirLock = WorkDirLock.Acquire(options.WorkDir);
        }
        catch (Exception e) when (e is WorkDirInUseException or IOException or UnauthorizedAccessException)
        {
            LogWorkDirUnavailable(loggers.CreateLogger(typeof(AgentProgram)), e.Message);
            return ExitWorkDirInUse;
        }

        using var held = workDirLock;
        using var runtime = new AgentRuntime(options with { HandleSignals = false, KillTasksOnStop = killTasksOnStop }, TimeProvider.System, loggers);
        if (registered is not null)
        {
            runtime.Registered += registered;
        }

        return await runtime.RunAsync(stop);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private static partial void LogWorkDirUnavailable(ILogger logger, string message);
}

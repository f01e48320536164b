using Drydock.Agent.Configuration;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Hosting;

/// <summary>Runs <c>drydock agent</c>: merges the flag sources, validates them, and runs the agent until it stops.</summary>
public static class AgentProgram
{
    public const int ExitUsage = 2;

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
        using var runtime = new AgentRuntime(options, TimeProvider.System, loggers.CreateLogger<AgentRuntime>());
        return await runtime.RunAsync(stop);
    }
}

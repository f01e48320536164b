using System.Globalization;
using System.Runtime.InteropServices;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Agent.Tests.Tasks;

/// <summary>
/// An agent started with SIGINT and SIGQUIT ignored (as a script's background job is) must not hand that on: its tasks
/// start with default dispositions. The test ignores SIGINT in its own process while it launches, so it runs alone.
/// </summary>
[Collection(nameof(TaskSignalDispositionTests))]
[CollectionDefinition(nameof(TaskSignalDispositionTests), DisableParallelization = true)]
public sealed class TaskSignalDispositionTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private static readonly IntPtr Ignore = 1;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-signals-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Launch_FromAProcessIgnoringSigint_TaskDoesNotIgnoreIt()
    {
        using var supervisor = new TaskSupervisor(new AgentPaths(_dir.FullName), "m-S0", TimeProvider.System, NullLogger<TaskSupervisor>.Instance);
        var launch = new TaskLaunch { FrameworkId = "fw-1", TaskId = "t-sig", Name = "t-sig", Command = "grep '^SigIgn:' /proc/self/status" };
        TaskRunPaths run;
        var previousInt = Signal(SigInt, Ignore);
        var previousQuit = Signal(SigQuit, Ignore);
        try
        {
            Assert.Equal(1L << (SigInt - 1), IgnoredMask(File.ReadAllText("/proc/self/status")) & (1L << (SigInt - 1)));
            run = supervisor.Launch(launch);
        }
        finally
        {
            Signal(SigInt, previousInt);
            Signal(SigQuit, previousQuit);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exit = await supervisor.Exits.ReadAsync(timeout.Token);
        var output = await File.ReadAllTextAsync(Path.Combine(run.Sandbox, "stdout"), TestContext.Current.CancellationToken);

        Assert.Equal(0, exit.Status);
        Assert.Equal(0, IgnoredMask(output) & ((1L << (SigInt - 1)) | (1L << (SigQuit - 1))));
        await supervisor.DisposeAsync();
    }

    /// <summary>The <c>SigIgn:</c> mask of a <c>/proc/PID/status</c> text: bit N-1 set when signal N is ignored.</summary>
    private static long IgnoredMask(string status) =>
        long.Parse(status.Split('\n').Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [DllImport("libc", EntryPoint = "signal")]
    private static extern IntPtr Signal(int signal, IntPtr handler);
}

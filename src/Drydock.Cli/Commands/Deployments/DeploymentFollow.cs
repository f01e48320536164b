using Drydock.Cli.Output;
using Drydock.Client.Marathon;

namespace Drydock.Cli.Commands.Deployments;

/// <summary>
/// The end of every command that starts a deployment: print what started and its id, then, with <c>--wait</c>,
/// follow it to its end (exit 0 finished, 1 failed or cancelled, 4 still running at <c>--timeout</c>).
/// </summary>
internal static class DeploymentFollow
{
    public static async Task<int> FinishAsync(
        ServicesSession session, string what, DeploymentResult started, IReadOnlyDictionary<string, AppExpectation> apps, bool wait, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await session.Out.WriteLineAsync($"{what}: deployment {started.DeploymentId}");
        if (!wait)
        {
            return 0;
        }

        var waiter = new DeploymentWaiter(session.Client, TimeProvider.System, new ProgressLine(session.Out, Terminal.IsLive(session.Out)));
        var outcome = await waiter.WaitAsync(started, apps, timeout, cancellationToken);
        switch (outcome.Result)
        {
            case WaitResult.Finished:
                await session.Out.WriteLineAsync($"Deployment {started.DeploymentId} finished: {string.Join("; ", outcome.Lines)}");
                return 0;
            case WaitResult.Failed:
                await session.Error.WriteLineAsync($"error: deployment {started.DeploymentId} is over but did not finish:");
                foreach (var line in outcome.Lines)
                {
                    await session.Error.WriteLineAsync("  " + line);
                }

                return CliRunner.Refused;
            default:
                await session.Error.WriteLineAsync("error: " + outcome.Lines[0]);
                return CliRunner.TimedOut;
        }
    }

    /// <summary>One app the command changed, as <c>--wait</c> should find it.</summary>
    public static Dictionary<string, AppExpectation> One(string appId, AppGoal goal) =>
        new(StringComparer.Ordinal) { [appId] = new AppExpectation(goal, OwnVersion: true) };
}

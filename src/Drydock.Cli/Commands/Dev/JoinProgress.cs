namespace Drydock.Cli.Commands.Dev;

/// <summary>
/// Says on the terminal when each agent of <c>drydock dev</c> has registered (the first time only; re-registrations
/// after a <c>machine up</c> are in the log), and completes <see cref="AllRegistered"/> once every agent has.
/// </summary>
internal sealed class JoinProgress(int agents)
{
    private readonly HashSet<int> _joined = [];
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task AllRegistered => _all.Task;

    public void Registered(int agent, string agentId)
    {
        lock (_joined)
        {
            if (!_joined.Add(agent))
            {
                return;
            }

            Console.WriteLine($"Agent agent-{agent} (127.0.0.{agent + 1}) registered as {agentId} ({_joined.Count}/{agents})");
            if (_joined.Count == agents)
            {
                _all.TrySetResult();
            }
        }
    }
}

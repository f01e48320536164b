using Drydock.Master.Registry;

namespace Drydock.Master.Api;

/// <summary>
/// Counts the agent channels that are open but have not sent their Register or Reregister yet, and holds them under
/// <c>--max-unregistered-agent-channels</c>: sockets that never register cannot pile up to the master's file limit.
/// </summary>
internal sealed class UnregisteredChannels(RegistryOptions options)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public int Limit => options.MaxUnregisteredAgentChannels;

    /// <summary>Takes a place for a new channel; false when every place is taken.</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var current = Volatile.Read(ref _count);
            if (current >= options.MaxUnregisteredAgentChannels)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _count, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>The channel registered or ended: its place is free.</summary>
    public void Leave() => Interlocked.Decrement(ref _count);
}

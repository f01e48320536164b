using Drydock.Master.Registry;

namespace Drydock.Master.Api;

/// <summary>
/// Counts the agent channels that are open but have not sent their Register or Reregister yet, and holds them under
/// <c>--max-unregistered-agent-channels</c>: sockets that never register cannot pile up to the master's file limit.
/// The messages they are still sending share one byte budget, <see cref="MessageBudgetBytes"/>: a thousand sockets each
/// sending a 16 MiB first frame cannot make the master buffer 16 GB before any of them has registered.
/// </summary>
internal sealed class UnregisteredChannels(RegistryOptions options)
{
    /// <summary>What all unregistered channels together may hold of messages not yet read whole: 256 MiB.</summary>
    public const long MessageBudgetBytes = 256L * 1024 * 1024;

    private int _count;
    private long _buffered;

    public long Buffered => Interlocked.Read(ref _buffered);

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

    /// <summary>Takes bytes of the shared budget for a message being gathered; false when the budget is spent.</summary>
    public bool TryReserve(int bytes)
    {
        if (Interlocked.Add(ref _buffered, bytes) <= MessageBudgetBytes)
        {
            return true;
        }

        Interlocked.Add(ref _buffered, -bytes);
        return false;
    }

    /// <summary>The message was read whole or given up: its bytes go back to the budget.</summary>
    public void Release(long bytes) => Interlocked.Add(ref _buffered, -bytes);
}

using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Channels;
using Drydock.Master.Hosting;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The frameworks subscribed to this master and their event streams. One writer at a time; readers take the
/// published map. A framework keeps its id across re-subscriptions; a new subscription replaces (and ends) the old one.
/// </summary>
internal sealed partial class FrameworkRegistry(MasterIdentity identity, TimeProvider time, ILogger<FrameworkRegistry> logger)
{
    private readonly object _gate = new();
    private ImmutableDictionary<string, Framework> _frameworks = ImmutableDictionary<string, Framework>.Empty;
    private ImmutableList<Framework> _completed = [];
    private int _next;

    public ImmutableDictionary<string, Framework> Frameworks => Volatile.Read(ref _frameworks);

    public ImmutableList<Framework> Completed => Volatile.Read(ref _completed);

    /// <summary>Raised after a framework subscribed (true), changed or left (false: see <see cref="Frameworks"/>). Handlers must not throw.</summary>
    public event Action<Framework, FrameworkChange>? Changed;

    /// <summary>Subscribes a new framework, or re-subscribes a known (or, after a master restart, unknown) id.</summary>
    public Framework Subscribe(FrameworkInfo info)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var events = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
            Framework framework;
            if (info.Id is { } id)
            {
                if (_frameworks.TryGetValue(id, out var existing))
                {
                    existing.Events?.Writer.TryComplete();
                }

                framework = new Framework(id, info, existing?.RegisteredTime ?? now) { ReregisteredTime = now };
                LogResubscribed(id, info.Name);
            }
            else
            {
                id = string.Create(CultureInfo.InvariantCulture, $"{identity.Id}-{_next++:0000}");
                framework = new Framework(id, info with { Id = id }, now);
                LogSubscribed(id, info.Name);
            }

            var added = !_frameworks.ContainsKey(framework.Id);
            framework = framework with { StreamId = Guid.NewGuid().ToString(), Events = events };
            Volatile.Write(ref _frameworks, _frameworks.SetItem(framework.Id, framework));
            Changed?.Invoke(framework, added ? FrameworkChange.Added : FrameworkChange.Updated);
            return framework;
        }
    }

    /// <summary>The subscription's stream ended: the framework stays, disconnected, and may subscribe again.</summary>
    public void Disconnected(string frameworkId, string streamId)
    {
        lock (_gate)
        {
            if (_frameworks.TryGetValue(frameworkId, out var framework) && framework.StreamId == streamId)
            {
                framework.Events?.Writer.TryComplete();
                var disconnected = framework with
                {
                    StreamId = null,
                    Events = null,
                    UnregisteredTime = time.GetUtcNow(),
                };
                Volatile.Write(ref _frameworks, _frameworks.SetItem(frameworkId, disconnected));
                LogDisconnected(frameworkId);
                Changed?.Invoke(disconnected, FrameworkChange.Updated);
            }
        }
    }

    /// <summary>Disconnected frameworks whose <c>failover_timeout</c> has passed without a re-subscription.</summary>
    public IReadOnlyList<Framework> FailedOver(DateTimeOffset now) => Frameworks.Values
        .Where(f => !f.Connected && f.UnregisteredTime is { } since && now - since >= FailoverTimeout(f.Info.FailoverTimeoutSeconds))
        .ToArray();

    /// <summary>A framework's failover timeout as a span: negative or NaN counts as 0, beyond 100 years as 100 years.</summary>
    internal static TimeSpan FailoverTimeout(double seconds) =>
        double.IsNaN(seconds) || seconds <= 0 ? TimeSpan.Zero
        : seconds >= MaxFailoverTimeout.TotalSeconds ? MaxFailoverTimeout
        : TimeSpan.FromSeconds(seconds);

    private static readonly TimeSpan MaxFailoverTimeout = TimeSpan.FromDays(36500);

    /// <summary>TEARDOWN: the framework is removed and its stream ends.</summary>
    public void Teardown(string frameworkId)
    {
        lock (_gate)
        {
            if (_frameworks.TryGetValue(frameworkId, out var framework))
            {
                framework.Events?.Writer.TryComplete();
                Volatile.Write(ref _frameworks, _frameworks.Remove(frameworkId));
                var removed = framework with { StreamId = null, Events = null, UnregisteredTime = time.GetUtcNow() };
                Volatile.Write(ref _completed, _completed.Add(removed));
                LogTornDown(frameworkId);
                Changed?.Invoke(removed, FrameworkChange.Removed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed framework {FrameworkId} ({Name})")]
    private partial void LogSubscribed(string frameworkId, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-subscribed framework {FrameworkId} ({Name})")]
    private partial void LogResubscribed(string frameworkId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Framework {FrameworkId} disconnected")]
    private partial void LogDisconnected(string frameworkId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Framework {FrameworkId} torn down")]
    private partial void LogTornDown(string frameworkId);
}

/// <summary>How a framework changed, for the operator event stream.</summary>
internal enum FrameworkChange
{
    Added,
    Updated,
    Removed,
}

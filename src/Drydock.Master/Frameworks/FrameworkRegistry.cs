using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Channels;
using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The frameworks known to this master and their event streams. One writer at a time; readers take the published map.
/// A framework keeps its id across re-subscriptions; a new subscription replaces (and ends) the old one. Framework ids
/// and infos are durable (written to the registry before SUBSCRIBED), so a restarted master shows each one, recovered,
/// until it subscribes again or its failover timeout passes. Removed frameworks are kept, at most
/// <see cref="SchedulerOptions.MaxCompletedFrameworks"/> of them, as the completed frameworks.
/// </summary>
internal sealed partial class FrameworkRegistry(
    MasterIdentity identity,
    Registrar registrar,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<FrameworkRegistry> logger)
{
    private readonly object _gate = new();
    private ImmutableDictionary<string, Framework> _frameworks = ImmutableDictionary<string, Framework>.Empty;
    private ImmutableList<Framework> _completed = [];
    private int _next;

    public ImmutableDictionary<string, Framework> Frameworks => Volatile.Read(ref _frameworks);

    public ImmutableList<Framework> Completed => Volatile.Read(ref _completed);

    /// <summary>Raised after a framework subscribed (true), changed or left (false: see <see cref="Frameworks"/>). Handlers must not throw.</summary>
    public event Action<Framework, FrameworkChange>? Changed;

    /// <summary>Shows the frameworks the registry holds as recovered: inactive, disconnected, their failover timeouts running.</summary>
    public void Recover(IEnumerable<StoredFramework> stored)
    {
        lock (_gate)
        {
            var builder = _frameworks.ToBuilder();
            foreach (var entry in stored)
            {
                var parsed = FrameworkInfoJson.Parse(entry.InfoJson);
                if (!parsed.Succeeded)
                {
                    LogUnreadable(entry.Id, parsed.Error!);
                    continue;
                }

                builder[entry.Id] = new Framework(entry.Id, parsed.Value with { Id = entry.Id }, entry.RegisteredTime) { RecoveredSince = identity.StartTime };
            }

            Volatile.Write(ref _frameworks, builder.ToImmutable());
            LogRecovered(builder.Count);
        }
    }

    /// <summary>
    /// SUBSCRIBE: a new framework gets an id; its id and info are written to the registry (for a known framework, only
    /// when the info changed) before the subscription is published. Throws <see cref="RegistryUnavailableException"/>
    /// when the registry cannot be written; nothing changes then.
    /// </summary>
    public async Task<Framework> SubscribeAsync(FrameworkInfo info, CancellationToken cancellationToken)
    {
        var id = info.Id ?? NewId();
        var stored = new StoredFramework(id, FrameworkInfoJson.Serialize(info, id), time.GetUtcNow());
        await registrar.TryApplyAsync(_ => Decision.Apply(new AddFrameworkOperation(stored)), cancellationToken);
        return Subscribe(info with { Id = id }, isNew: info.Id is null);
    }

    /// <summary>Publishes a subscription in memory only (a benchmark's simulated frameworks); see <see cref="SubscribeAsync"/>.</summary>
    public Framework Subscribe(FrameworkInfo info) => Subscribe(info.Id is null ? info with { Id = NewId() } : info, isNew: info.Id is null);

    /// <summary>Whether a framework with this id was removed (and is still among the completed ones).</summary>
    public bool IsCompleted(string frameworkId) => Completed.Any(f => f.Id == frameworkId);

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

    /// <summary>
    /// Disconnected frameworks whose <c>failover_timeout</c> has passed without a re-subscription, counted from when they
    /// disconnected, or for recovered ones from the master's start.
    /// </summary>
    public IReadOnlyList<Framework> FailedOver(DateTimeOffset now) => Frameworks.Values
        .Where(f => !f.Connected && (f.UnregisteredTime ?? f.RecoveredSince) is { } since && now - since >= FailoverTimeout(f.Info.FailoverTimeoutSeconds))
        .ToArray();

    /// <summary>A framework's failover timeout as a span: negative or NaN counts as 0, beyond 100 years as 100 years.</summary>
    internal static TimeSpan FailoverTimeout(double seconds) =>
        double.IsNaN(seconds) || seconds <= 0 ? TimeSpan.Zero
        : seconds >= MaxFailoverTimeout.TotalSeconds ? MaxFailoverTimeout
        : TimeSpan.FromSeconds(seconds);

    private static readonly TimeSpan MaxFailoverTimeout = TimeSpan.FromDays(36500);

    /// <summary>
    /// The framework is removed: its stream ends (after <paramref name="farewell"/>, when given and connected) and it moves
    /// to the completed frameworks. Returns the ids of completed frameworks that fell out of the history (their completed
    /// tasks go with them), or null when the framework was not known. Called by <see cref="FrameworkRemoval"/> only.
    /// </summary>
    public IReadOnlyList<string>? Remove(string frameworkId, byte[]? farewell)
    {
        lock (_gate)
        {
            if (!_frameworks.TryGetValue(frameworkId, out var framework))
            {
                return null;
            }

            if (farewell is not null)
            {
                framework.TrySend(farewell);
            }

            framework.Events?.Writer.TryComplete();
            Volatile.Write(ref _frameworks, _frameworks.Remove(frameworkId));
            var removed = framework with { StreamId = null, Events = null, UnregisteredTime = time.GetUtcNow() };
            var completed = _completed.Add(removed);
            var evicted = new List<string>();
            while (completed.Count > Math.Max(0, options.MaxCompletedFrameworks))
            {
                evicted.Add(completed[0].Id);
                completed = completed.RemoveAt(0);
            }

            Volatile.Write(ref _completed, completed);
            LogTornDown(frameworkId);
            Changed?.Invoke(removed, FrameworkChange.Removed);
            return evicted;
        }
    }

    private string NewId() => string.Create(CultureInfo.InvariantCulture, $"{identity.Id}-{Interlocked.Increment(ref _next) - 1:0000}");

    private Framework Subscribe(FrameworkInfo info, bool isNew)
    {
        lock (_gate)
        {
            var id = info.Id!;
            var now = time.GetUtcNow();
            var events = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
            _frameworks.TryGetValue(id, out var existing);
            existing?.Events?.Writer.TryComplete();
            var framework = new Framework(id, info, existing?.RegisteredTime ?? now) { ReregisteredTime = isNew ? null : now };
            if (isNew)
            {
                LogSubscribed(id, info.Name);
            }
            else
            {
                LogResubscribed(id, info.Name);
            }

            framework = framework with { StreamId = Guid.NewGuid().ToString(), Events = events };
            Volatile.Write(ref _frameworks, _frameworks.SetItem(framework.Id, framework));
            Changed?.Invoke(framework, existing is null ? FrameworkChange.Added : FrameworkChange.Updated);
            return framework;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed framework {FrameworkId} ({Name})")]
    private partial void LogSubscribed(string frameworkId, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-subscribed framework {FrameworkId} ({Name})")]
    private partial void LogResubscribed(string frameworkId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Framework {FrameworkId} disconnected")]
    private partial void LogDisconnected(string frameworkId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Framework {FrameworkId} removed")]
    private partial void LogTornDown(string frameworkId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Count} frameworks from the registry; each is inactive until it subscribes again")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored info of framework {FrameworkId} is unreadable and is skipped: {Error}")]
    private partial void LogUnreadable(string frameworkId, string error);
}

/// <summary>How a framework changed, for the operator event stream.</summary>
internal enum FrameworkChange
{
    Added,
    Updated,
    Removed,
}

namespace Drydock.Master.Frameworks;

/// <summary>The master's scheduler API flags.</summary>
internal sealed record SchedulerOptions
{
    /// <summary><c>--heartbeat-interval</c>: how often a subscribed framework gets HEARTBEAT (Mesos: 15 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary><c>--allocation-interval</c>: the longest time between allocation cycles (Mesos: 1 s).</summary>
    public TimeSpan AllocationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>--offer-timeout</c>: offers and inverse offers unanswered for this long are rescinded; null: never.</summary>
    public TimeSpan? OfferTimeout { get; init; }

    /// <summary>
    /// <c>--weights</c>: the roles' weights in the allocator (1 for a role not listed) until UPDATE_WEIGHTS first stores
    /// weights in the registry; see <see cref="WeightsIn"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();

    /// <summary><c>--max-completed-frameworks</c>: how many removed frameworks the master keeps showing (Mesos: 50).</summary>
    public int MaxCompletedFrameworks { get; init; } = 50;

    /// <summary><c>--max-completed-tasks-per-framework</c>: how many ended tasks each framework keeps showing (Mesos: 1000).</summary>
    public int MaxCompletedTasksPerFramework { get; init; } = TaskBook.DefaultMaxCompletedPerFramework;

    /// <summary>
    /// The weights in force: the registry's once it holds any (the first UPDATE_WEIGHTS stores <c>--weights</c> with
    /// the update, so nothing is lost), else <c>--weights</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> WeightsIn(Persistence.DurableState state) => state.Weights ?? Weights;
}

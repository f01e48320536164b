using System.Collections.Immutable;
using Drydock.Services.Apps;

namespace Drydock.Services.Deployments;

/// <summary>
/// The running deployments and the app locks they hold (marathon.md §8.1): an immutable snapshot, changed only by its
/// one writer, which swaps in the book each method returns. An app is locked while a running deployment affects it;
/// a new plan that overlaps one is refused unless forced, and forcing stops the overlapping ones where they stand.
/// </summary>
internal sealed class DeploymentBook
{
    /// <summary>Marathon's <c>--max_running_deployments</c>.</summary>
    public const int DefaultMaxRunning = 100;

    public static readonly DeploymentBook Empty = new(ImmutableList<RunningDeployment>.Empty);

    private readonly ImmutableList<RunningDeployment> _running;

    private DeploymentBook(ImmutableList<RunningDeployment> running) => _running = running;

    /// <summary>The running deployments in the order they started.</summary>
    public IReadOnlyList<RunningDeployment> Running => _running;

    public RunningDeployment? Find(string id) => _running.Find(d => d.Id == id);

    /// <summary>The ids of the running deployments that lock <paramref name="app"/>.</summary>
    public IReadOnlyList<string> LockedBy(PathId app) =>
        _running.Where(d => d.Plan.AffectedApps.Contains(app)).Select(d => d.Id).ToArray();

    /// <summary>The running deployments <paramref name="plan"/> would conflict with.</summary>
    public IReadOnlyList<RunningDeployment> ConflictsWith(DeploymentPlan plan) =>
        _running.Where(d => d.Plan.Overlaps(plan)).ToArray();

    /// <summary>
    /// Adds <paramref name="plan"/> (at step 0), or says why not. Without <paramref name="force"/>: refused when it
    /// overlaps a running deployment, or when <paramref name="maxRunning"/> already run. With force: the overlapping
    /// deployments are cancelled and the plan starts whatever the count, as Marathon does.
    /// </summary>
    public DeploymentStartResult TryStart(DeploymentPlan plan, bool force, int maxRunning = DefaultMaxRunning)
    {
        if (Find(plan.Id) is not null)
        {
            throw new InvalidOperationException($"Deployment {plan.Id} is already in the book.");
        }

        var conflicts = ConflictsWith(plan);
        if (!force)
        {
            if (conflicts.Count > 0)
            {
                return new DeploymentStartResult { LockedBy = conflicts.Select(d => d.Id).ToArray() };
            }

            if (_running.Count >= maxRunning)
            {
                return new DeploymentStartResult { TooMany = true };
            }
        }

        var running = _running.RemoveAll(d => conflicts.Contains(d)).Add(new RunningDeployment(plan));
        return new DeploymentStartResult { Book = new DeploymentBook(running), Cancelled = conflicts };
    }

    /// <summary>The book with deployment <paramref name="id"/> on step <paramref name="step"/> (1-based); unchanged when the id is unknown.</summary>
    public DeploymentBook WithStep(string id, int step)
    {
        var index = _running.FindIndex(d => d.Id == id);
        if (index < 0)
        {
            return this;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, _running[index].Plan.Steps.Count);
        return new DeploymentBook(_running.SetItem(index, _running[index] with { CurrentStep = step }));
    }

    /// <summary>The book without deployment <paramref name="id"/> (finished, failed or cancelled); unchanged when unknown.</summary>
    public DeploymentBook Without(string id)
    {
        var index = _running.FindIndex(d => d.Id == id);
        return index < 0 ? this : new DeploymentBook(_running.RemoveAt(index));
    }
}

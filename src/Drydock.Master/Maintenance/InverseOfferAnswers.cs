using System.Collections.Immutable;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Operator;

namespace Drydock.Master.Maintenance;

/// <summary>
/// The latest answer of each framework to the inverse offers for each machine, as <c>/maintenance/status</c> shows
/// them. Kept in memory only, as Mesos keeps them: a master restart starts empty, and a machine's answers are
/// forgotten when its unavailability changes or it leaves DRAINING. Readers take a snapshot without locking.
/// </summary>
internal sealed class InverseOfferAnswers
{
    private readonly object _gate = new();
    private ImmutableDictionary<MachineId, ImmutableSortedDictionary<string, InverseOfferStatus>> _answers =
        ImmutableDictionary<MachineId, ImmutableSortedDictionary<string, InverseOfferStatus>>.Empty;

    /// <summary>The current answers; a new reference after every change, so callers can cache on it.</summary>
    public ImmutableDictionary<MachineId, ImmutableSortedDictionary<string, InverseOfferStatus>> Snapshot => Volatile.Read(ref _answers);

    public void Record(MachineId machine, string frameworkId, InverseOfferAnswer answer, DateTimeOffset at)
    {
        var status = new InverseOfferStatus(answer, new IdValue(frameworkId), new TimeInfo(UnixTime.Nanoseconds(at)));
        lock (_gate)
        {
            var forMachine = _answers.TryGetValue(machine, out var known) ? known : ImmutableSortedDictionary.Create<string, InverseOfferStatus>(StringComparer.Ordinal);
            Volatile.Write(ref _answers, _answers.SetItem(machine, forMachine.SetItem(frameworkId, status)));
        }
    }

    public void Forget(IEnumerable<MachineId> machines)
    {
        lock (_gate)
        {
            var after = _answers.RemoveRange(machines);
            if (after.Count != _answers.Count)
            {
                Volatile.Write(ref _answers, after);
            }
        }
    }

    public static IReadOnlyList<InverseOfferStatus> Of(
        ImmutableDictionary<MachineId, ImmutableSortedDictionary<string, InverseOfferStatus>> snapshot, MachineId machine) =>
        snapshot.TryGetValue(machine, out var statuses) ? statuses.Values.ToArray() : [];
}

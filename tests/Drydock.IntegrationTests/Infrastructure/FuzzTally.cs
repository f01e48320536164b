using System.Globalization;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>What a fuzz run sent and got: requests, status codes, accepted and refused, batches whose books were compared.</summary>
internal sealed class FuzzTally
{
    public int Sent { get; private set; }

    public int Refused { get; private set; }

    public int Accepted { get; private set; }

    public int CheckedBatches { get; set; }

    public SortedDictionary<int, int> Statuses { get; } = [];

    public void Count(FuzzRequest request, HttpReply reply)
    {
        _ = request;
        Sent++;
        Statuses[reply.Status] = Statuses.GetValueOrDefault(reply.Status) + 1;
        if (reply.Status >= 400)
        {
            Refused++;
        }
        else
        {
            Accepted++;
        }
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Sent} requests, {Refused} refused, {Accepted} accepted, {CheckedBatches} batches compared; statuses {string.Join(", ", Statuses.Select(s => $"{s.Key}: {s.Value}"))}");
}

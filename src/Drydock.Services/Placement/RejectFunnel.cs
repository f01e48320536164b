namespace Drydock.Services.Placement;

/// <summary>
/// <c>rejectSummaryLastOffers</c> of <c>/v2/queue</c>: one step per reason in funnel order, each with the offers that
/// reached it (<c>processed</c>) and those it turned away (<c>declined</c>). An offer is counted under the first of its
/// reasons only, so every step's processed count is the previous one's less what that step declined.
/// </summary>
internal static class RejectFunnel
{
    /// <summary>
    /// The funnel over <paramref name="processedOffers"/> offers, of which those in <paramref name="unmatched"/> went
    /// unused for the reasons given (an empty set counts nowhere).
    /// </summary>
    public static IReadOnlyList<RejectStep> Summarize(int processedOffers, IEnumerable<ReasonSet> unmatched)
    {
        var reasons = Enum.GetValues<NoMatchReason>();
        var declined = new int[reasons.Length];
        foreach (var set in unmatched)
        {
            if (!set.IsEmpty)
            {
                declined[System.Numerics.BitOperations.TrailingZeroCount(set.Bits)]++;
            }
        }

        var steps = new RejectStep[reasons.Length];
        var processed = processedOffers;
        for (var i = 0; i < reasons.Length; i++)
        {
            steps[i] = new RejectStep(reasons[i], declined[i], processed);
            processed -= declined[i];
        }

        return steps;
    }
}

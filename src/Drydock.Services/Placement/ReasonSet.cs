namespace Drydock.Services.Placement;

/// <summary>A set of <see cref="NoMatchReason"/>s as bits; listed in funnel order.</summary>
internal readonly record struct ReasonSet(int Bits)
{
    public static ReasonSet None => default;

    public bool IsEmpty => Bits == 0;

    public ReasonSet With(NoMatchReason reason) => new(Bits | (1 << (int)reason));

    public ReasonSet With(ReasonSet other) => new(Bits | other.Bits);

    public bool Contains(NoMatchReason reason) => (Bits & (1 << (int)reason)) != 0;

    /// <summary>The reasons in funnel order.</summary>
    public IReadOnlyList<NoMatchReason> ToList()
    {
        var list = new List<NoMatchReason>();
        foreach (var reason in Enum.GetValues<NoMatchReason>())
        {
            if (Contains(reason))
            {
                list.Add(reason);
            }
        }

        return list;
    }
}

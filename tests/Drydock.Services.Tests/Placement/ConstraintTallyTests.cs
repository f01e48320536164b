using Drydock.Services.Placement;

namespace Drydock.Services.Tests.Placement;

public sealed class ConstraintTallyTests
{
    [Fact]
    public void Add_TracksGroupsSmallestGroupAndFirstValue()
    {
        var tally = new ConstraintTally();
        Assert.Equal(0, tally.SmallestGroup);
        tally.Add("a");
        tally.Add("a");
        Assert.Equal(2, tally.SmallestGroup);
        tally.Add("b");
        Assert.Equal(1, tally.SmallestGroup);
        tally.Add("b");
        Assert.Equal(2, tally.SmallestGroup);
        tally.Add(null);
        Assert.Equal(5, tally.Placed);
        Assert.Equal(2, tally.Groups);
        Assert.Equal("a", tally.FirstValue);
        Assert.Equal(2, tally.CountOf("b"));
        Assert.Equal(0, tally.CountOf("c"));
    }

    [Fact]
    public void Add_SmallestGroupMatchesARecount()
    {
        var random = new Random(3);
        var tally = new ConstraintTally();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 500; i++)
        {
            var value = $"v{random.Next(12)}";
            tally.Add(value);
            counts[value] = counts.GetValueOrDefault(value) + 1;
            Assert.Equal(counts.Values.Min(), tally.SmallestGroup);
        }
    }
}

using Drydock.Services.Apps;
using Drydock.Services.Placement;

namespace Drydock.Services.Tests.Placement;

/// <summary>Every operator of marathon.md §2.2 against an offer's value and the values of the instances placed.</summary>
public sealed class ConstraintRuleTests
{
    /// <summary>
    /// <paramref name="offerValue"/> null means the agent lacks the field; <paramref name="placed"/> lists the placed
    /// instances' values, comma-separated, <c>-</c> for one that lacks it.
    /// </summary>
    [Theory]
    [InlineData("Unique", null, "h1", "", true)]
    [InlineData("Unique", null, "h1", "h2,h3", true)]
    [InlineData("Unique", null, "h1", "h2,h1", false)]
    [InlineData("Unique", null, "h1", "-", true)]
    [InlineData("Unique", null, null, "", false)]
    [InlineData("Cluster", "r1", "r1", "", true)]
    [InlineData("Cluster", "r1", "r2", "", false)]
    [InlineData("Cluster", "r1", null, "", false)]
    [InlineData("Cluster", null, "r2", "", true)]
    [InlineData("Cluster", null, "r2", "r2,r2", true)]
    [InlineData("Cluster", null, "r2", "r1", false)]
    [InlineData("Cluster", null, "r2", "-", false)]
    [InlineData("GroupBy", null, "r1", "", true)]
    [InlineData("GroupBy", null, "r3", "r1,r2", true)]
    [InlineData("GroupBy", null, "r1", "r1,r2", true)]
    [InlineData("GroupBy", null, "r1", "r1,r1,r2", false)]
    [InlineData("GroupBy", null, "r2", "r1,r1,r2", true)]
    [InlineData("GroupBy", "3", "r1", "r1,r2", false)]
    [InlineData("GroupBy", "3", "r3", "r1,r2", true)]
    [InlineData("GroupBy", "3", "r1", "r1,r2,r3", true)]
    [InlineData("GroupBy", "2", "r1", "r1,r2", true)]
    [InlineData("GroupBy", "x", "r1", "r1,r2", true)]
    [InlineData("GroupBy", null, null, "", false)]
    [InlineData("MaxPer", "2", "r1", "r1", true)]
    [InlineData("MaxPer", "2", "r1", "r1,r1", false)]
    [InlineData("MaxPer", "2", "r2", "r1,r1", true)]
    [InlineData("MaxPer", "0", "r2", "", false)]
    [InlineData("MaxPer", "two", "r2", "", false)]
    [InlineData("MaxPer", "2", null, "", false)]
    [InlineData("Like", "r[12]", "r1", "", true)]
    [InlineData("Like", "r[12]", "r3", "", false)]
    [InlineData("Like", "r", "rack", "", false)]
    [InlineData("Like", "r1|r2", "r2", "", true)]
    [InlineData("Like", "", "r1", "", false)]
    [InlineData("Like", "([", "r1", "", false)]
    [InlineData("Like", "r.*", null, "", false)]
    [InlineData("Unlike", "r[12]", "r1", "", false)]
    [InlineData("Unlike", "r[12]", "r3", "", true)]
    [InlineData("Unlike", "r", "rack", "", true)]
    [InlineData("Unlike", "r.*", null, "", true)]
    [InlineData("Unlike", "([", "r1", "", false)]
    [InlineData("Is", "r1", "r1", "", true)]
    [InlineData("Is", "r1", "r10", "", false)]
    [InlineData("Is", "8.0", "8", "", true)]
    [InlineData("Is", "0.5000", "0.5", "", true)]
    [InlineData("Is", "1.0015", "1.002", "", true)]
    [InlineData("Is", "r1", null, "", false)]
    public void Meets_Table(string operatorName, string? value, string? offerValue, string placed, bool expected)
    {
        var rule = new ConstraintRule(new Constraint("rack", Enum.Parse<ConstraintOperator>(operatorName), value));
        var tally = new ConstraintTally();
        foreach (var item in placed.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            tally.Add(item == "-" ? null : item);
        }

        Assert.Equal(expected, rule.Meets(offerValue, tally));
    }

    [Theory]
    [InlineData("Like", "x", true)]
    [InlineData("Unlike", "x", true)]
    [InlineData("Is", "x", true)]
    [InlineData("Cluster", "x", true)]
    [InlineData("Cluster", null, false)]
    [InlineData("Unique", null, false)]
    [InlineData("GroupBy", "2", false)]
    [InlineData("MaxPer", "2", false)]
    public void IsStatic_OnlyForOperatorsThatReadTheOfferAlone(string operatorName, string? value, bool expected) =>
        Assert.Equal(expected, new ConstraintRule(new Constraint("rack", Enum.Parse<ConstraintOperator>(operatorName), value)).IsStatic);

    [Fact]
    public void Meets_CatastrophicPattern_RefusesWithinTheBudget()
    {
        var rule = new ConstraintRule(new Constraint("rack", ConstraintOperator.Like, "(a+)+b"));
        Assert.False(rule.Meets(new string('a', 5000) + "c", new ConstraintTally()));
    }

    [Theory]
    [InlineData("hostname", "h1.example")]
    [InlineData("@hostname", "h1.example")]
    [InlineData("@region", "eu")]
    [InlineData("@zone", "eu-1a")]
    [InlineData("rack", "r1")]
    [InlineData("missing", null)]
    public void AgentFields_ReadsHostnameDomainAndAttributes(string field, string? expected)
    {
        var fields = new AgentFields("h1.example", "eu", "eu-1a", new Dictionary<string, string> { ["rack"] = "r1" });
        Assert.Equal(expected, fields.Read(field));
    }

    [Fact]
    public void AgentFields_OfferWithoutDomain_RegionAndZoneAbsent()
    {
        var fields = AgentFields.Of(TestOffers.Offer("a1", attributes: "rack:r1;cores:8.0"));
        Assert.Null(fields.Read("@region"));
        Assert.Null(fields.Read("@zone"));
        Assert.Equal("8", fields.Read("cores"));
        Assert.Equal("a1.example", fields.Read("hostname"));
    }
}

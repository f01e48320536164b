using System.Globalization;
using System.Text.RegularExpressions;
using Drydock.Services.Apps;

namespace Drydock.Services.Placement;

/// <summary>
/// One of an app's constraints, ready to be checked against offers (marathon.md §2.2). LIKE, UNLIKE, IS and CLUSTER
/// with a value depend on the offer alone (<see cref="IsStatic"/>: checked once per offer and round); UNIQUE, MAX_PER,
/// GROUP_BY and CLUSTER without a value depend on where the app's instances are (<see cref="ConstraintTally"/>).
/// A value the app validation should have refused (a bad regex, a MAX_PER that is not an integer) refuses every offer
/// rather than throwing.
/// </summary>
internal sealed class ConstraintRule
{
    /// <summary>A regex that takes longer than this on one value does not match: a client's pattern never stalls a round.</summary>
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(50);

    private readonly Regex? _regex;
    private readonly int _number;
    private readonly string _isValue;

    public ConstraintRule(Constraint constraint)
    {
        Constraint = constraint;
        var value = constraint.Value ?? "";
        _isValue = AttributeFormat.ConstraintValue(value);
        _number = constraint.Operator switch
        {
            ConstraintOperator.MaxPer => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max) ? max : -1,
            ConstraintOperator.GroupBy => value == "inf" ? int.MaxValue : int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var groups) ? Math.Max(0, groups) : 0,
            _ => 0,
        };
        if (constraint.Operator is ConstraintOperator.Like or ConstraintOperator.Unlike && value.Length > 0)
        {
            try
            {
                // Marathon uses Java's String.matches: the whole value must match.
                _regex = new Regex($"\\A(?:{value})\\z", RegexOptions.CultureInvariant, RegexBudget);
            }
            catch (ArgumentException)
            {
                _regex = null;
            }
        }
    }

    public Constraint Constraint { get; }

    public bool IsStatic => Constraint.Operator switch
    {
        ConstraintOperator.Like or ConstraintOperator.Unlike or ConstraintOperator.Is => true,
        ConstraintOperator.Cluster => !string.IsNullOrEmpty(Constraint.Value),
        _ => false,
    };

    /// <summary>
    /// Whether a dynamic rule that refuses an offer refuses it for the rest of the round: counts only grow, so UNIQUE
    /// and MAX_PER never accept again, and CLUSTER refuses only once its first instance is placed. GROUP_BY may accept
    /// again when other groups catch up.
    /// </summary>
    public bool RefusesForGood => Constraint.Operator is ConstraintOperator.Unique or ConstraintOperator.MaxPer or ConstraintOperator.Cluster;

    /// <summary>
    /// Whether an offer whose field reads <paramref name="offerValue"/> may take one more instance, given the app's
    /// instances counted in <paramref name="tally"/> (unused by static rules). A missing value fails every operator but
    /// UNLIKE.
    /// </summary>
    public bool Meets(string? offerValue, ConstraintTally tally)
    {
        if (offerValue is null)
        {
            return Constraint.Operator == ConstraintOperator.Unlike;
        }

        return Constraint.Operator switch
        {
            ConstraintOperator.Unique => tally.CountOf(offerValue) == 0,
            ConstraintOperator.Cluster => string.IsNullOrEmpty(Constraint.Value)
                ? tally.Placed == 0 || tally.FirstValue == offerValue
                : offerValue == Constraint.Value,
            ConstraintOperator.GroupBy => GroupBy(offerValue, tally),
            ConstraintOperator.MaxPer => tally.CountOf(offerValue) < _number,
            ConstraintOperator.Like => _regex is not null && Matches(offerValue) == true,
            ConstraintOperator.Unlike => _regex is not null && Matches(offerValue) == false,
            ConstraintOperator.Is => offerValue == _isValue,
            _ => false,
        };
    }

    /// <summary>
    /// A value not seen yet is always welcome; a value seen already only once at least <c>n</c> values are seen (0 when
    /// no n is given) and its group is among the smallest, so instances spread evenly over the values.
    /// </summary>
    private bool GroupBy(string offerValue, ConstraintTally tally)
    {
        var count = tally.CountOf(offerValue);
        return count == 0 || (tally.Groups >= _number && count == tally.SmallestGroup);
    }

    private bool? Matches(string value)
    {
        try
        {
            return _regex!.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}

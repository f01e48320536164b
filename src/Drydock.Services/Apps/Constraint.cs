namespace Drydock.Services.Apps;

/// <summary>
/// A placement constraint <c>[field, operator, value?]</c>: <see cref="Field"/> is <c>hostname</c>/<c>@hostname</c>,
/// <c>@region</c>, <c>@zone</c> or an agent attribute's name; <see cref="Operator"/> is upper-cased.
/// </summary>
internal sealed record Constraint(string Field, ConstraintOperator Operator, string? Value);

/// <summary>Marathon's constraint operators.</summary>
internal enum ConstraintOperator
{
    Unique,
    Cluster,
    GroupBy,
    MaxPer,
    Like,
    Unlike,
    Is,
}

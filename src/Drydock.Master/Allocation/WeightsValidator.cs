using System.Globalization;
using Drydock.Protocol;
using Drydock.Protocol.Operator;

namespace Drydock.Master.Allocation;

/// <summary>
/// Checks an UPDATE_WEIGHTS request as Mesos does, entry by entry, and reports the first problem in Mesos's words:
/// each role, trimmed of spaces, tabs and line breaks, must be a valid role name and each weight positive. Drydock also
/// refuses an infinite weight, which Mesos would take: it would put its role ahead of every other for good, and JSON
/// cannot store it.
/// </summary>
internal static class WeightsValidator
{
    private const string Prefix = "Failed to validate update weights request JSON";

    /// <summary>The weights to store, roles trimmed; or the error that refuses the whole request.</summary>
    public static ParseResult<IReadOnlyList<WeightInfo>> Validate(IReadOnlyList<WeightInfo> weights)
    {
        var valid = new List<WeightInfo>(weights.Count);
        foreach (var info in weights)
        {
            var role = info.Role.Trim(' ', '\t', '\n', '\r');
            if (RoleNames.Validate(role) is { } invalidRole)
            {
                return ParseResult<IReadOnlyList<WeightInfo>>.Fail($"{Prefix}: Invalid role '{role}': {invalidRole}");
            }

            if (!(info.Weight > 0))
            {
                return ParseResult<IReadOnlyList<WeightInfo>>.Fail($"{Prefix} for role '{role}': Invalid weight '{Format(info.Weight)}': Weights must be positive");
            }

            if (double.IsPositiveInfinity(info.Weight))
            {
                return ParseResult<IReadOnlyList<WeightInfo>>.Fail($"{Prefix} for role '{role}': Invalid weight 'inf': Weights must be finite");
            }

            valid.Add(new WeightInfo(role, info.Weight));
        }

        return ParseResult<IReadOnlyList<WeightInfo>>.Ok(valid);
    }

    /// <summary>A number as Mesos prints it in this message (C++ stream defaults: six significant digits, <c>1e-07</c>).</summary>
    private static string Format(double value) =>
        double.IsNaN(value) ? "nan" : double.IsNegativeInfinity(value) ? "-inf" : value.ToString("G6", CultureInfo.InvariantCulture).ToLowerInvariant();
}

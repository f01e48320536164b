using System.Text.Json;
using System.Text.RegularExpressions;

namespace Drydock.Services.Apps;

/// <summary>
/// Reads <c>constraints</c> (arrays of 2 or 3 strings) and checks each with Marathon's messages (marathon.md §2.2). A
/// constraint that breaks a rule is recorded at <c>/constraints(i)</c> and left out of the result.
/// </summary>
internal static partial class ConstraintReader
{
    public const string WrongArity = "Each constraint must have either 2 or 3 fields";
    public const string MissingField = "missing field for constraint declaration";
    public const string BadOperator = "operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS";
    public const string UniqueValue = "UNIQUE does not accept a value";
    public const string GroupByValue = "GROUP BY must define an integer value or else no value at all";
    public const string MaxPerValue = "MAX_PER requires an integer value";
    public const string LikeValue = "LIKE and UNLIKE require a non-empty, regular expression value";
    public const string BadRegex = "is not a valid regular expression";
    public const string IsValue = "IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)";

    private static readonly Dictionary<string, ConstraintOperator> Operators = new(StringComparer.Ordinal)
    {
        ["UNIQUE"] = ConstraintOperator.Unique,
        ["CLUSTER"] = ConstraintOperator.Cluster,
        ["GROUP_BY"] = ConstraintOperator.GroupBy,
        ["MAX_PER"] = ConstraintOperator.MaxPer,
        ["LIKE"] = ConstraintOperator.Like,
        ["UNLIKE"] = ConstraintOperator.Unlike,
        ["IS"] = ConstraintOperator.Is,
    };

    /// <summary>Marathon's operator names, for writing constraints back.</summary>
    public static string Name(ConstraintOperator op) => op switch
    {
        ConstraintOperator.Unique => "UNIQUE",
        ConstraintOperator.Cluster => "CLUSTER",
        ConstraintOperator.GroupBy => "GROUP_BY",
        ConstraintOperator.MaxPer => "MAX_PER",
        ConstraintOperator.Like => "LIKE",
        ConstraintOperator.Unlike => "UNLIKE",
        _ => "IS",
    };

    public static IReadOnlyList<Constraint>? Read(JsonElement app, AppReadScope scope)
    {
        if (scope.Fields.Array(app, "constraints", "") is not { } array)
        {
            return null;
        }

        var result = new List<Constraint>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = JsonFields.Index("/constraints", i++);
            if (item.ValueKind != JsonValueKind.Array)
            {
                scope.Shape.Add(at, "error.expected.jsarray");
                continue;
            }

            var parts = new List<string>();
            var j = 0;
            foreach (var part in item.EnumerateArray())
            {
                if (scope.Fields.StringValue(part, JsonFields.Index(at, j++)) is { } text)
                {
                    parts.Add(text);
                }
            }

            if (parts.Count == j && Check(parts, at, scope.Rules) is { } constraint)
            {
                result.Add(constraint);
            }
        }

        return result;
    }

    /// <summary>The constraint, or null with the reason recorded at <paramref name="at"/>.</summary>
    public static Constraint? Check(IReadOnlyList<string> parts, string at, ProblemCollector rules)
    {
        if (parts.Count is < 2 or > 3)
        {
            rules.Add(at, WrongArity);
            return null;
        }

        if (parts[0].Length == 0)
        {
            rules.Add(at, MissingField);
            return null;
        }

        if (!Operators.TryGetValue(parts[1].ToUpperInvariant(), out var op))
        {
            rules.Add(at, BadOperator);
            return null;
        }

        var value = parts.Count == 3 ? parts[2] : null;
        var error = op switch
        {
            ConstraintOperator.Unique when value is not null => UniqueValue,
            ConstraintOperator.GroupBy when value is not null && !int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _) => GroupByValue,
            ConstraintOperator.MaxPer when value is null || !int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _) => MaxPerValue,
            ConstraintOperator.Like or ConstraintOperator.Unlike when string.IsNullOrEmpty(value) => LikeValue,
            ConstraintOperator.Like or ConstraintOperator.Unlike when !IsRegex(value!) => BadRegex,
            ConstraintOperator.Is when !MesosLiteral().IsMatch(value ?? "") => IsValue,
            _ => null,
        };

        if (error is not null)
        {
            rules.Add(at, error);
            return null;
        }

        return new Constraint(parts[0], op, value);
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_/.-]*$")]
    private static partial Regex MesosLiteral();
}

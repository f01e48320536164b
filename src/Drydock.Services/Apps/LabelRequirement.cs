namespace Drydock.Services.Apps;

/// <summary>One requirement of a <see cref="LabelSelector"/>.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(Key, out var value) && Operator switch
        {
            LabelOperator.Exists => true,
            LabelOperator.Equals or LabelOperator.In => Values.Contains(value, StringComparer.Ordinal),
            _ => !Values.Contains(value, StringComparer.Ordinal),
        };
}

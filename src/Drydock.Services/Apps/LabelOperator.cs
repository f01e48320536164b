namespace Drydock.Services.Apps;

/// <summary>How a <see cref="LabelRequirement"/> compares the label's value.</summary>
internal enum LabelOperator
{
    Exists,
    Equals,
    NotEquals,
    In,
    NotIn,
}

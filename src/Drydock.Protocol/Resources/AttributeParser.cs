namespace Drydock.Protocol.Resources;

/// <summary>
/// The <c>--attributes</c> syntax: <c>name:value</c> tokens separated by <c>;</c> or newlines, split at the first
/// <c>:</c>. Values are SCALAR, RANGES or TEXT; sets are refused.
/// </summary>
public static class AttributeParser
{
    public static ParseResult<IReadOnlyList<Attribute>> Parse(string text)
    {
        var attributes = new List<Attribute>();
        foreach (var raw in text.Split([';', '\n'], StringSplitOptions.None))
        {
            var token = raw.Trim();
            if (token.Length == 0)
            {
                continue;
            }

            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? token : token[..colon].Trim();
            var valueText = colon < 0 ? string.Empty : token[(colon + 1)..].Trim();
            if (colon < 0 || name.Length == 0 || valueText.Length == 0)
            {
                return Fail($"Invalid attribute '{token}': expecting name:value with both parts non-empty");
            }

            var value = ValueParser.Parse(valueText);
            if (!value.Succeeded)
            {
                return Fail($"Invalid attribute '{token}': {value.Error}");
            }

            if (value.Value.Type == ValueType.SET)
            {
                return Fail($"Invalid attribute '{token}': sets are not allowed as attribute values");
            }

            attributes.Add(new Attribute(name, value.Value));
        }

        return ParseResult<IReadOnlyList<Attribute>>.Ok(attributes);
    }

    private static ParseResult<IReadOnlyList<Attribute>> Fail(string error) => ParseResult<IReadOnlyList<Attribute>>.Fail(error);
}

using System.Globalization;

namespace Drydock.Protocol.Resources;

/// <summary>
/// Mesos's value text syntax: spaces are removed; <c>[b-e,…]</c> is RANGES, <c>{a,b}</c> is SET, a finite
/// non-negative number is SCALAR, and anything else (a negative number included) is TEXT.
/// </summary>
public static class ValueParser
{
    /// <summary>Parses one value; a malformed range or set, or unbalanced brackets, is an error naming the text.</summary>
    public static ParseResult<Value> Parse(string text)
    {
        var compact = string.Concat(text.Where(c => c != ' '));
        if (!Balanced(compact))
        {
            return ParseResult<Value>.Fail($"Mismatched brackets in '{text}'");
        }

        if (compact.StartsWith('['))
        {
            return ParseRanges(compact, text);
        }

        if (compact.StartsWith('{'))
        {
            if (!compact.EndsWith('}'))
            {
                return ParseResult<Value>.Fail($"Expecting '}}' at the end of the set '{text}'");
            }

            var items = compact[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries);
            return ParseResult<Value>.Ok(Value.OfSet(items));
        }

        if (double.TryParse(compact, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && IsNumberText(compact))
        {
            if (double.IsFinite(number) && number >= 0)
            {
                return number != 0 && double.IsSubnormal(number)
                    ? ParseResult<Value>.Fail($"Subnormal number '{text}'")
                    : ParseResult<Value>.Ok(Value.OfScalar(number));
            }
        }

        return ParseResult<Value>.Ok(Value.OfText(compact));
    }

    private static ParseResult<Value> ParseRanges(string compact, string text)
    {
        if (!compact.EndsWith(']'))
        {
            return ParseResult<Value>.Fail($"Expecting ']' at the end of the ranges '{text}'");
        }

        var ranges = new List<ValueRange>();
        foreach (var part in compact[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            if (bounds.Length != 2
                || !long.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var begin)
                || !long.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end))
            {
                return ParseResult<Value>.Fail($"Expecting non-negative integers in the range '{part}' of '{text}'");
            }

            if (begin > end)
            {
                return ParseResult<Value>.Fail($"The range '{part}' of '{text}' begins after it ends");
            }

            ranges.Add(new ValueRange(begin, end));
        }

        return ParseResult<Value>.Ok(Value.OfRanges(ranges));
    }

    private static bool IsNumberText(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E');

    private static bool Balanced(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c is '[' or '{' ? 1 : c is ']' or '}' ? -1 : 0;
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }
}

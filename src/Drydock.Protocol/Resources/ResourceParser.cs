using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Drydock.Protocol.Resources;

/// <summary>
/// The <c>--resources</c> syntax: either a JSON array of Mesos <c>Resource</c> objects, or
/// <c>name(role):value;…</c> where values are SCALAR, RANGES or SET. A role other than <c>*</c> is a static
/// reservation; an entry with no role gets the default role.
/// </summary>
public static class ResourceParser
{
    public static ParseResult<IReadOnlyList<Resource>> Parse(string text, string defaultRole = "*")
    {
        var trimmed = text.Trim();
        var resources = trimmed.StartsWith('[') && LooksLikeJson(trimmed)
            ? ParseJson(trimmed, defaultRole)
            : ParseText(trimmed, defaultRole);
        return resources.Succeeded ? CheckTypes(resources.Value) : resources;
    }

    private static ParseResult<IReadOnlyList<Resource>> ParseText(string text, string defaultRole)
    {
        var resources = new List<Resource>();
        foreach (var raw in text.Split(';'))
        {
            var token = raw.Trim();
            if (token.Length == 0)
            {
                continue;
            }

            var parts = token.Split(':');
            if (parts.Length != 2)
            {
                return Fail($"Invalid resource '{token}': expecting name:value or name(role):value");
            }

            var name = parts[0].Trim();
            var role = defaultRole;
            var open = name.IndexOf('(', StringComparison.Ordinal);
            if (open >= 0)
            {
                if (!name.EndsWith(')'))
                {
                    return Fail($"Invalid resource '{token}': expecting the role in parentheses, e.g. cpus(role):4");
                }

                role = name[(open + 1)..^1].Trim();
                name = name[..open].Trim();
                if (role.Length == 0)
                {
                    return Fail($"Invalid resource '{token}': the role is empty");
                }
            }

            if (name.Length == 0)
            {
                return Fail($"Invalid resource '{token}': the name is empty");
            }

            var value = ValueParser.Parse(parts[1]);
            if (!value.Succeeded)
            {
                return Fail($"Invalid resource '{token}': {value.Error}");
            }

            if (value.Value.Type == ValueType.TEXT)
            {
                return Fail($"Invalid resource '{token}': '{parts[1].Trim()}' is not a number, ranges or a set");
            }

            // The parsed value is rounded to thousandths; Mesos checks what was given (0.0004 is not a valid amount).
            var given = string.Concat(parts[1].Where(c => c != ' '));
            var reason = value.Value.Type == ValueType.SCALAR && double.TryParse(given, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                ? ResourceValidator.ScalarReason(amount)
                : null;
            resources.Add(new Resource(name, reason is null ? value.Value : Value.OfScalar(0), role) { Defect = reason is null ? null : new ResourceDefect(reason, given) });
        }

        return ParseResult<IReadOnlyList<Resource>>.Ok(resources);
    }

    private static ParseResult<IReadOnlyList<Resource>> ParseJson(string text, string defaultRole)
    {
        var parsed = ProtoJson.Parse(Encoding.UTF8.GetBytes(text), JsonValueKind.Array, array =>
        {
            var list = new List<Resource>();
            foreach (var item in array.EnumerateArray())
            {
                list.Add(ProtoObject.ReadRoot(item, r => ResourceJson.Read(r, defaultRole)));
            }

            return list;
        });
        return parsed.Succeeded
            ? ParseResult<IReadOnlyList<Resource>>.Ok(parsed.Value)
            : Fail("Invalid JSON resources: " + parsed.Error);
    }

    private static ParseResult<IReadOnlyList<Resource>> CheckTypes(IReadOnlyList<Resource> resources)
    {
        foreach (var group in resources.GroupBy(r => r.Name))
        {
            if (group.Select(r => r.Value.Type).Distinct().Count() > 1)
            {
                return Fail($"Invalid resources: '{group.Key}' is given with different types");
            }

            if (group.Any(r => r.Value.Type == ValueType.SCALAR && r.Value.Scalar < 0))
            {
                return Fail($"Invalid resources: '{group.Key}' is negative");
            }
        }

        // Then Mesos's own checks of each resource (a value below 0.001 that is not 0, inverted or overlapping ranges,
        // Drydock's bound on scalars).
        return ResourceValidator.Invalid(resources) is { } invalid ? Fail(invalid) : ParseResult<IReadOnlyList<Resource>>.Ok(resources);
    }

    private static bool LooksLikeJson(string text)
    {
        // "[31000-32000]" is not a resource list; a JSON list starts with an object.
        var afterBracket = text[1..].TrimStart();
        return afterBracket.StartsWith('{') || afterBracket.StartsWith(']');
    }

    private static ParseResult<IReadOnlyList<Resource>> Fail(string error) => ParseResult<IReadOnlyList<Resource>>.Fail(error);
}

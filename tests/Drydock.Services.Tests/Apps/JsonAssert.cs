using System.Text.Json;

namespace Drydock.Services.Tests.Apps;

/// <summary>JSON comparisons that ignore member order and number spelling (<c>512</c> = <c>512.0</c>).</summary>
internal static class JsonAssert
{
    public static void Equivalent(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var difference = Difference(e.RootElement, a.RootElement, "");
        Assert.True(difference is null, $"{difference}\nexpected: {expected}\nactual:   {actual}");
    }

    /// <summary>Every member name of <paramref name="obj"/>.</summary>
    public static IReadOnlyList<string> Keys(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    private static string? Difference(JsonElement e, JsonElement a, string path)
    {
        if (e.ValueKind != a.ValueKind)
        {
            return $"{path}: {e.ValueKind} expected, {a.ValueKind} found";
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var eKeys = Keys(e).Order(StringComparer.Ordinal).ToArray();
                var aKeys = Keys(a).Order(StringComparer.Ordinal).ToArray();
                if (!eKeys.SequenceEqual(aKeys))
                {
                    return $"{path}: keys [{string.Join(",", eKeys)}] expected, [{string.Join(",", aKeys)}] found";
                }

                return eKeys.Select(k => Difference(e.GetProperty(k), a.GetProperty(k), path + "/" + k)).FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                if (e.GetArrayLength() != a.GetArrayLength())
                {
                    return $"{path}: {e.GetArrayLength()} items expected, {a.GetArrayLength()} found";
                }

                return e.EnumerateArray().Zip(a.EnumerateArray()).Select((p, i) => Difference(p.First, p.Second, $"{path}({i})")).FirstOrDefault(d => d is not null);
            case JsonValueKind.Number:
                return e.GetDecimal() == a.GetDecimal() ? null : $"{path}: {e} expected, {a} found";
            default:
                return e.ToString() == a.ToString() ? null : $"{path}: {e} expected, {a} found";
        }
    }
}

using System.Text;
using System.Text.Json.Nodes;

namespace Drydock.Bench.Fuzz;

/// <summary>
/// Damages a valid JSON body, deterministically for a seeded <see cref="Random"/>: byte edits (delete, duplicate, insert
/// noise or invalid UTF-8, truncate) or tree edits (a value replaced by a bad number, a bad string, another type or deep
/// nesting; a key removed). The integration tests' BodyMutator does more; this one is for volume.
/// </summary>
internal sealed class JsonMutator(Random random)
{
    private const string Marker = "@@fuzz@@";

    private static readonly string[] Values =
    [
        "null", "true", "0", "-0", "-1", "-3", "1e400", "-1e400", "Infinity", "-Infinity", "NaN", "\"Infinity\"", "\"-Infinity\"",
        "\"NaN\"", "9223372036854775808", "-9223372036854775809", "1e308", "4.9e-324", "\"\"", "\"/\"", "\"..\"", "\".\"",
        "\"a/b\"", "\"\\u0001\"", "\"\\ud800\"", "{\"value\":\"\"}", "{\"value\":\"..\"}", "{\"value\":-1e400}", "[]", "{}", "[null]",
        "\"" + new string('x', 10_000) + "\"", new string('[', 5000) + new string(']', 5000),
    ];

    private static readonly byte[][] BadUtf8 = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80]];

    public byte[] Mutate(string valid)
    {
        var body = Encoding.UTF8.GetBytes(valid);
        for (var edits = 1 + random.Next(2); edits > 0; edits--)
        {
            body = random.Next(3) == 0 ? Bytes(body) : TryTree(body) ?? Bytes(body);
        }

        return body;
    }

    private byte[] Bytes(byte[] body)
    {
        var list = body.ToList();
        var at = list.Count == 0 ? 0 : random.Next(list.Count);
        var length = list.Count == 0 ? 0 : 1 + random.Next(Math.Min(8, list.Count - at));
        switch (random.Next(5))
        {
            case 0:
                list.RemoveRange(at, length);
                break;
            case 1:
                list.InsertRange(at, list.GetRange(at, length));
                break;
            case 2:
                var noise = new byte[1 + random.Next(8)];
                random.NextBytes(noise);
                list.InsertRange(at, noise);
                break;
            case 3:
                list.InsertRange(at, BadUtf8[random.Next(BadUtf8.Length)]);
                break;
            default:
                list.RemoveRange(at, list.Count - at);
                break;
        }

        return [.. list];
    }

    /// <summary>A tree edit, or null when the body does not parse as a tree (duplicate keys show only when walked).</summary>
    private byte[]? TryTree(byte[] body)
    {
        try
        {
            return Tree(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private byte[]? Tree(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }

        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            return Encoding.UTF8.GetBytes(Values[random.Next(Values.Length)]);
        }

        var (parent, key, index) = slots[random.Next(slots.Count)];
        if (key is not null && random.Next(4) == 0)
        {
            parent.AsObject().Remove(key);
            return Encoding.UTF8.GetBytes(root!.ToJsonString());
        }

        if (key is not null)
        {
            parent.AsObject()[key] = Marker;
        }
        else
        {
            parent.AsArray()[index] = Marker;
        }

        return Encoding.UTF8.GetBytes(root!.ToJsonString().Replace("\"" + Marker + "\"", Values[random.Next(Values.Length)], StringComparison.Ordinal));
    }

    private static void Collect(JsonNode? node, List<(JsonNode Parent, string? Key, int Index)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    slots.Add((obj, key, -1));
                    Collect(child, slots);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i));
                    Collect(array[i], slots);
                }

                break;
        }
    }
}

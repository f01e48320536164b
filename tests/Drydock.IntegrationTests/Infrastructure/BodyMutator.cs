using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Turns a valid JSON body into a damaged one, deterministically for a given <see cref="Random"/>: byte edits
/// (delete, duplicate, swap, insert random bytes or JSON punctuation, truncate, invalid UTF-8) and edits of the
/// JSON tree (a value replaced by another JSON type, a huge number, null, deep nesting or odd unicode; keys removed,
/// renamed or added), with the numbers and strings Mesos refuses (non-finite, negative, out of range; empty, <c>/</c>,
/// <c>..</c>, control characters, 10,000 characters). Each call applies one to three edits and names them, for the
/// failure message.
/// </summary>
internal sealed class BodyMutator(Random random)
{
    private const string Marker = "@@drydock-fuzz@@";

    private static readonly string[] Tokens = ["{", "}", "[", "]", ",", ":", "\"", "null", "\\", "\\u", "-", "0", "e", ".", " ", "\n", "\t"];

    private static readonly byte[][] BadUtf8 = [[0xFF], [0xFF, 0xFE], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]];

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1.5", "-0", "1e400", "-1e400", "1E-400", "99999999999999999999",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1795551078298638600", "-10", "\" 7\"",
        "\"1795551078298638600\"", "\"-10\"", "\"1e3\"", "\" 12 \"", "\"\"", "\"x\"", "\"0.0.0.2\"", "\"10.0.0\"", "\"Machine1\"",
        "\"MACHINE1\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"é中😀\"", "\"\\u00e9\\u4e2d\\ud83d\\ude00\"",
        "\"a\\\"b\\\\c\"", "[]", "{}", "[null]", "[{}]", "[[]]", "{\"hostname\":\"Machine1\"}", "{\"ip\":\"0.0.0.2\"}",
        "[{\"hostname\":\"Machine1\"}]", "{\"nanoseconds\":1}", "{\"nanoseconds\":-1}", "\"GET_HEALTH\"", "\"UNKNOWN\"",
        "\"START_MAINTENANCE\"", "\"STOP_MAINTENANCE\"", "\"UPDATE_MAINTENANCE_SCHEDULE\"", "\"GET_MAINTENANCE_STATUS\"",

        // Numbers no finite double holds, or that are out of every range, bare (not JSON) and as strings.
        "Infinity", "-Infinity", "NaN", "\"Infinity\"", "\"-Infinity\"", "\"NaN\"", "\"inf\"", "-0.0", "1e308", "-1e308", "4.9e-324",
        "-3", "2147483648", "-2147483649", "18446744073709551616", "0.1e-10000",

        // Ids and names Mesos refuses: empty, path-like, dot names, control characters, very long.
        "\"/\"", "\"..\"", "\".\"", "\"a/b\"", "\"\\u0001\"", "\"\\t\"", "\" \"", "\"\\u007f\"", "{\"value\":\"\"}", "{\"value\":\"..\"}",
        "{\"value\":\"/\"}", "{\"value\":1}", "{\"value\":-1e400}", "{\"value\":\"-Infinity\"}", "{\"scalar\":{\"value\":-1e400}}",
        "\"" + new string('a', 10_000) + "\"",
    ];

    private static readonly string[] Keys =
    [
        "windows", "machine_ids", "unavailability", "start", "duration", "nanoseconds", "hostname", "ip", "type",
        "update_maintenance_schedule", "schedule", "start_maintenance", "stop_maintenance", "machines", "get_health", "x", "",
        "framework_id", "value", "offer_ids", "operations", "launch", "task_infos", "resources", "scalar", "agent_id", "task_id",
        "uuid", "filters", "refuse_seconds", "failover_timeout", "roles", "name", "weight", "role", "max_grace_period", "mark_gone",
        "decline", "accept", "kill", "acknowledge", "reconcile", "subscribe", "framework_info", "weight_infos", "drain_agent",
    ];

    public (byte[] Body, string Edits) Mutate(string valid)
    {
        var body = Encoding.UTF8.GetBytes(valid);
        var edits = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var (mutated, edit) = MutateOnce(body);
            body = mutated;
            edits.Add(edit);
        }

        return (body, string.Join(" + ", edits));
    }

    private (byte[] Body, string Edit) MutateOnce(byte[] body)
    {
        // Tree edits need a body that still parses (after a byte edit it may not) and that System.Text.Json can
        // write back (a lone surrogate it cannot); otherwise the edit is a byte edit.
        if (random.Next(2) == 0 && TryParse(body) is { } tree)
        {
            try
            {
                return MutateTree(tree);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
            {
                // Fall through to a byte edit.
            }
        }

        return MutateBytes(body);
    }

    private (byte[] Body, string Edit) MutateBytes(byte[] body)
    {
        var list = body.ToList();
        var at = list.Count == 0 ? 0 : random.Next(list.Count);
        var length = list.Count == 0 ? 0 : 1 + random.Next(Math.Min(16, list.Count - at));
        switch (random.Next(7))
        {
            case 0:
                list.RemoveRange(at, length);
                return ([.. list], Invariant($"delete {length}@{at}"));
            case 1:
                list.InsertRange(at, list.GetRange(at, length));
                return ([.. list], Invariant($"duplicate {length}@{at}"));
            case 2 when list.Count > 1:
                var other = random.Next(list.Count);
                (list[at], list[other]) = (list[other], list[at]);
                return ([.. list], Invariant($"swap {at}<->{other}"));
            case 3:
                var noise = new byte[1 + random.Next(8)];
                random.NextBytes(noise);
                list.InsertRange(at, noise);
                return ([.. list], Invariant($"insert {noise.Length} random bytes@{at}"));
            case 4:
                var token = Tokens[random.Next(Tokens.Length)];
                list.InsertRange(at, Encoding.UTF8.GetBytes(token));
                return ([.. list], Invariant($"insert '{token}'@{at}"));
            case 5:
                var bad = BadUtf8[random.Next(BadUtf8.Length)];
                list.InsertRange(at, bad);
                return ([.. list], Invariant($"insert invalid UTF-8 {Convert.ToHexString(bad)}@{at}"));
            default:
                return ([.. list.Take(at)], Invariant($"truncate@{at}"));
        }
    }

    private (byte[] Body, string Edit) MutateTree(JsonNode root)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, slots);
        if (slots.Count == 0 || random.Next(10) == 0)
        {
            // Replace the whole body.
            var whole = Replacement();
            return (Encoding.UTF8.GetBytes(whole), "replace body with " + Shorten(whole));
        }

        var (parent, key, index) = slots[random.Next(slots.Count)];
        switch (random.Next(5))
        {
            case 0 when key is not null:
                parent.AsObject().Remove(key);
                return (Serialize(root, null), $"remove '{key}'");
            case 1 when key is not null:
                var renamed = Keys[random.Next(Keys.Length)];
                var value = parent[key];
                parent.AsObject().Remove(key);
                parent.AsObject()[renamed + (parent.AsObject().ContainsKey(renamed) ? "_" : string.Empty)] = value;
                return (Serialize(root, null), $"rename '{key}' to '{renamed}'");
            case 2 when parent is JsonObject addTo:
                var added = Keys[random.Next(Keys.Length)] + "_extra";
                addTo[added] = JsonValue.Create(Marker);
                var addedValue = Replacement();
                return (Serialize(root, addedValue), $"add '{added}': {Shorten(addedValue)}");
            case 3 when parent is JsonArray duplicateIn:
                duplicateIn.Insert(index, duplicateIn[index]?.DeepClone());
                return (Serialize(root, null), Invariant($"duplicate item {index}"));
            default:
                var replacement = Replacement();
                SetSlot(parent, key, index, JsonValue.Create(Marker));
                return (Serialize(root, replacement), $"set {key ?? Invariant($"[{index}]")} = {Shorten(replacement)}");
        }
    }

    /// <summary>A JSON text to put where a value was: another type, an edge number, odd unicode, or deep nesting.</summary>
    private string Replacement()
    {
        var roll = random.Next(20);
        if (roll == 0)
        {
            var depth = random.Next(4) == 0 ? 10_000 : 10 + random.Next(200);
            return random.Next(2) == 0
                ? new string('[', depth) + new string(']', depth)
                : new StringBuilder().Insert(0, "{\"a\":", depth).Append('1').Append('}', depth).ToString();
        }

        if (roll == 1)
        {
            return "\"" + new string('x', 1 + random.Next(100_000)) + "\"";
        }

        if (roll == 2)
        {
            var text = new StringBuilder("\"");
            for (var i = random.Next(1, 12); i > 0; i--)
            {
                var c = (char)random.Next(0x20, 0xD800);
                text.Append(c is '"' or '\\' ? "\uD83D\uDE00" : c.ToString());
            }

            return text.Append('"').ToString();
        }

        return Values[random.Next(Values.Length)];
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, string? Key, int Index)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    slots.Add((obj, key, -1));
                    if (child is not null)
                    {
                        Collect(child, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }

                break;
        }
    }

    private static void SetSlot(JsonNode parent, string? key, int index, JsonNode value)
    {
        if (key is not null)
        {
            parent.AsObject()[key] = value;
        }
        else
        {
            parent.AsArray()[index] = value;
        }
    }

    /// <summary>Serializes the tree, putting <paramref name="raw"/> (any text, even invalid JSON) where the marker is.</summary>
    private static byte[] Serialize(JsonNode root, string? raw)
    {
        var text = root.ToJsonString();
        if (raw is not null)
        {
            text = text.Replace("\"" + Marker + "\"", raw, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private static JsonNode? TryParse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + Invariant($"…({text.Length} chars)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

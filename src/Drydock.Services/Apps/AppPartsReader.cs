using System.Text.Json;
using System.Text.RegularExpressions;

namespace Drydock.Services.Apps;

/// <summary>
/// Reads the app members that have a structure of their own: <c>env</c>, <c>secrets</c>, <c>fetch</c>/<c>uris</c>,
/// <c>portDefinitions</c>/<c>ports</c>, <c>upgradeStrategy</c> and <c>unreachableStrategy</c>. The deprecated forms are
/// turned into the current ones here, where their conflicts can still be seen.
/// </summary>
internal static partial class AppPartsReader
{
    public const string InvalidUri = "URI has invalid syntax.";
    public const string UrisWithFetch = "may not be set in conjunction with fetch";
    public const string PortsAndDefinitions = "cannot specify both ports and port definitions";
    public const string PortsNotUnique = "ports must be unique";

    private static readonly string[] ArchiveEndings = [".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", ".zip"];
    private static readonly Dictionary<string, string> PortProtocols = new(StringComparer.Ordinal) { ["TCP"] = "tcp", ["UDP"] = "udp", ["UDP,TCP"] = "udp,tcp" };

    public static IReadOnlyDictionary<string, EnvValue>? ReadEnv(JsonElement app, AppReadScope scope)
    {
        if (scope.Fields.Object(app, "env", "") is not { } env)
        {
            return null;
        }

        var result = new Dictionary<string, EnvValue>(StringComparer.Ordinal);
        foreach (var member in env.EnumerateObject())
        {
            var at = JsonFields.Member("/env", member.Name);
            switch (member.Value.ValueKind)
            {
                case JsonValueKind.String:
                    result[member.Name] = new EnvValue(member.Value.GetString());
                    break;
                case JsonValueKind.Object:
                    if (scope.Fields.RequiredString(member.Value, "secret", at) is { } secret)
                    {
                        result[member.Name] = new EnvValue(null, secret);
                    }

                    break;
                default:
                    scope.Shape.Add(at, "error.expected.jsstring");
                    break;
            }
        }

        return result;
    }

    public static IReadOnlyDictionary<string, string>? ReadSecrets(JsonElement app, AppReadScope scope)
    {
        if (scope.Fields.Object(app, "secrets", "") is not { } secrets)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in secrets.EnumerateObject())
        {
            var at = JsonFields.Member("/secrets", member.Name);
            if (member.Value.ValueKind != JsonValueKind.Object)
            {
                scope.Shape.Add(at, "error.expected.jsobject");
            }
            else if (scope.Fields.RequiredString(member.Value, "source", at, minLength: 1) is { } source)
            {
                result[member.Name] = source;
            }
        }

        return result;
    }

    /// <summary><c>fetch</c>, or <c>uris</c> turned into fetch entries (archives extracted by their ending).</summary>
    public static IReadOnlyList<FetchUri>? ReadFetch(JsonElement app, AppReadScope scope)
    {
        var fields = scope.Fields;
        List<FetchUri>? fetch = null;
        if (fields.Array(app, "fetch", "") is { } array)
        {
            fetch = [];
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var at = JsonFields.Index("/fetch", i++);
                if (item.ValueKind != JsonValueKind.Object)
                {
                    scope.Shape.Add(at, "error.expected.jsobject");
                    continue;
                }

                var uri = fields.RequiredString(item, "uri", at, maxLength: 1024);
                var entry = new FetchUri(
                    uri ?? "",
                    fields.Bool(item, "extract", at) ?? true,
                    fields.Bool(item, "executable", at) ?? false,
                    fields.Bool(item, "cache", at) ?? false,
                    fields.String(item, "destPath", at));
                if (uri is not null && !IsValidUri(uri))
                {
                    scope.Rules.Add(JsonFields.Member(at, "uri"), InvalidUri);
                }

                fetch.Add(entry);
            }
        }

        if (fields.StringArray(app, "uris", "") is not { } uris)
        {
            return fetch;
        }

        for (var i = 0; i < uris.Count; i++)
        {
            if (!IsValidUri(uris[i]))
            {
                scope.Rules.Add(JsonFields.Index("/uris", i), InvalidUri);
            }
        }

        if (uris.Count > 0 && fetch is { Count: > 0 })
        {
            scope.Rules.Add("/uris", UrisWithFetch);
            return fetch;
        }

        return fetch ?? uris.Select(u => new FetchUri(u, Extract: IsArchive(u))).ToList();
    }

    /// <summary><c>portDefinitions</c>, or <c>ports</c> turned into port definitions.</summary>
    public static IReadOnlyList<PortDefinition>? ReadPorts(JsonElement app, AppReadScope scope)
    {
        var fields = scope.Fields;
        List<PortDefinition>? definitions = null;
        if (fields.Array(app, "portDefinitions", "") is { } array)
        {
            definitions = [];
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var at = JsonFields.Index("/portDefinitions", i++);
                if (item.ValueKind != JsonValueKind.Object)
                {
                    scope.Shape.Add(at, "error.expected.jsobject");
                    continue;
                }

                var name = fields.String(item, "name", at);
                if (name is not null && !PortName().IsMatch(name))
                {
                    scope.Shape.Add(JsonFields.Member(at, "name"), "error.pattern");
                }

                definitions.Add(new PortDefinition(
                    fields.Int32(item, "port", at, min: 0, max: 65535) ?? 0,
                    fields.Enum(item, "protocol", at, PortProtocols.ToDictionary(p => p.Key, p => new ProtocolText(p.Value)))?.Text ?? "tcp",
                    name)
                {
                    Labels = fields.StringMap(item, "labels", at) ?? new Dictionary<string, string>(),
                });
            }
        }

        if (fields.Array(app, "ports", "") is not { } portsArray)
        {
            return definitions;
        }

        var ports = new List<int>();
        var p = 0;
        foreach (var item in portsArray.EnumerateArray())
        {
            if (fields.Int32Value(item, JsonFields.Index("/ports", p++), min: 0, max: 65535) is { } port)
            {
                ports.Add(port);
            }
        }

        var fixedPorts = ports.Where(n => n != 0).ToList();
        if (fixedPorts.Distinct().Count() != fixedPorts.Count)
        {
            scope.Rules.Add("", PortsNotUnique);
        }

        if (definitions is not null)
        {
            if (!definitions.Select(d => d.Port).SequenceEqual(ports))
            {
                scope.Rules.Add("", PortsAndDefinitions);
            }

            return definitions;
        }

        return ports.Select(n => new PortDefinition(n)).ToList();
    }

    public static UpgradeStrategy? ReadUpgradeStrategy(JsonElement app, AppReadScope scope)
    {
        var fields = scope.Fields;
        if (fields.Object(app, "upgradeStrategy", "") is not { } strategy)
        {
            return null;
        }

        const string At = "/upgradeStrategy";
        foreach (var name in (string[])["minimumHealthCapacity", "maximumOverCapacity"])
        {
            if (!JsonFields.Has(strategy, name))
            {
                scope.Shape.Add(JsonFields.Member(At, name), "error.path.missing");
            }
        }

        var minimum = fields.Double(strategy, "minimumHealthCapacity", At, 0, 1);
        var maximum = fields.Double(strategy, "maximumOverCapacity", At, 0, 1);
        return minimum is { } min && maximum is { } max ? new UpgradeStrategy(min, max) : null;
    }

    /// <summary>An object of two second counts (a missing one is 0), or the string <c>disabled</c>.</summary>
    public static UnreachableStrategy? ReadUnreachableStrategy(JsonElement app, AppReadScope scope)
    {
        if (JsonFields.Get(app, "unreachableStrategy") is not { } value)
        {
            return null;
        }

        const string At = "/unreachableStrategy";
        if (value.ValueKind == JsonValueKind.String)
        {
            if (value.GetString() == "disabled")
            {
                return UnreachableStrategy.Off;
            }

            scope.Shape.Add(At, "error.unknown.enum.literal");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            scope.Shape.Add(At, "error.expected.jsobject");
            return null;
        }

        // The upper bound keeps TimeSpan.FromSeconds in range; nobody waits ten thousand years.
        const long MaxSeconds = 315_360_000_000;
        var inactive = scope.Fields.Int64(value, "inactiveAfterSeconds", At, 0, MaxSeconds) ?? 0;
        var expunge = scope.Fields.Int64(value, "expungeAfterSeconds", At, 0, MaxSeconds) ?? 0;
        return new UnreachableStrategy(TimeSpan.FromSeconds(inactive), TimeSpan.FromSeconds(expunge));
    }

    /// <summary>Java's <c>new URI(text)</c> refuses white space, control characters and a few others.</summary>
    public static bool IsValidUri(string text) =>
        text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "<>\"{}|\\^`".Contains(c))
        && Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _);

    private static bool IsArchive(string uri) => ArchiveEndings.Any(e => uri.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex PortName();

    private readonly record struct ProtocolText(string Text);
}

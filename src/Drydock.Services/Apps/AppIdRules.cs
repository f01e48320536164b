using System.Text.RegularExpressions;

namespace Drydock.Services.Apps;

/// <summary>
/// Marathon's rules for app ids (marathon.md §2.1): each segment matches the DNS-label pattern (or is <c>.</c>/<c>..</c>),
/// the last segment is not a reserved word, and the id, once made absolute, is not the root.
/// </summary>
internal static partial class AppIdRules
{
    public const string Empty = "Path must contain at least one path element";
    public const string Root = "must not be root";
    public const string Reserved = "must not end with any of the following reserved keywords: restart, tasks, versions, ., ..";

    private static readonly string[] ReservedEndings = ["restart", "tasks", "versions", ".", ".."];

    /// <summary>Whether every segment of <paramref name="raw"/> matches Marathon's segment pattern.</summary>
    public static bool SegmentsMatch(string raw) =>
        raw.Split('/', StringSplitOptions.RemoveEmptyEntries).All(s => Segment().IsMatch(s));

    /// <summary>
    /// Checks an app id as sent (absolute or relative to <paramref name="relativeTo"/>, the root by default) and resolves
    /// it; null when it breaks a rule, each broken rule recorded at <paramref name="at"/> (the root rule at <c>/</c>).
    /// </summary>
    public static PathId? Check(string raw, string at, AppReadScope scope, PathId? relativeTo = null)
    {
        if (!SegmentsMatch(raw))
        {
            scope.Shape.Add(at, "error.pattern");
            return null;
        }

        var segments = raw.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ok = true;
        if (segments.Length > 0 && ReservedEndings.Contains(segments[^1], StringComparer.Ordinal))
        {
            scope.Rules.Add(at, Reserved);
            ok = false;
        }

        var id = PathId.Parse(raw, relativeTo ?? PathId.Root);
        if (id.IsRoot)
        {
            scope.Rules.Add(at, Empty);
            scope.Rules.Add("", Root);
            ok = false;
        }

        return ok ? id : null;
    }

    [GeneratedRegex(@"^(?:(?:(?:[a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*(?:[a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])|\.|\.\.)$")]
    private static partial Regex Segment();
}

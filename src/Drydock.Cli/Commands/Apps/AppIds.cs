using System.CommandLine;

namespace Drydock.Cli.Commands.Apps;

/// <summary>App ids on the command line: <c>/prod/api</c>, or <c>prod/api</c> (made absolute, as Marathon does).</summary>
internal static class AppIds
{
    public static Argument<string> Argument() =>
        new("id") { Description = "The app's id, e.g. /prod/api (the leading / may be left out)" };

    /// <summary>The absolute id, empty segments dropped; a usage error when nothing is left.</summary>
    public static string Normalize(string text)
    {
        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return segments.Length == 0
            ? throw new UsageException($"'{text}' is not an app id: it needs at least one path element (e.g. /web)")
            : "/" + string.Join('/', segments);
    }
}

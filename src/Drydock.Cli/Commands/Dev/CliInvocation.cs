namespace Drydock.Cli.Commands.Dev;

/// <summary>How to run this same <c>drydock</c> from a shell, so the commands <c>drydock dev</c> prints work as printed.</summary>
internal static class CliInvocation
{
    public static string Current()
    {
        var process = Environment.ProcessPath;
        if (process is null)
        {
            return "drydock";
        }

        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            // Run as `dotnet drydock.dll` (never a single-file app, whose process is `drydock` itself).
            var dll = Path.Combine(AppContext.BaseDirectory, typeof(CliInvocation).Assembly.GetName().Name + ".dll");
            return $"{Quote(process)} {Quote(dll)}";
        }

        // On the PATH under its own name it is just `drydock`; otherwise (e.g. `dotnet run`) its full path.
        var name = Path.GetFileName(process);
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => string.Equals(Path.GetFullPath(Path.Combine(dir, name)), process, StringComparison.Ordinal));
        return onPath ? name : Quote(process);
    }

    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

using System.Diagnostics;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Finds the built <c>drydock.dll</c> of this configuration beside the test assembly's own build.</summary>
internal static class DrydockBinary
{
    public static string Path { get; } = Locate();

    /// <summary>
    /// How to start <c>drydock ARGS</c>, output redirected. Through <c>env --default-signal</c>: a test run started with
    /// signals ignored (<c>trap '' INT</c>, a background job of a script) would pass that on, and a master or dev
    /// cluster sent SIGINT by a test would never see it. The pid is drydock's own (env execs it).
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--default-signal", "dotnet", Path }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static string Locate()
    {
        // tests/Drydock.IntegrationTests/bin/<Configuration>/<tfm>/ → src/Drydock.Cli/bin/<Configuration>/<tfm>/drydock.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "Drydock.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"Cannot find Drydock.slnx above {AppContext.BaseDirectory}");
        }

        var dll = System.IO.Path.Combine(root.FullName, "src", "Drydock.Cli", "bin", configuration, tfm, "drydock.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"drydock.dll not built at {dll}");
    }
}

using Spectre.Console;

namespace Drydock.Cli.Output;

/// <summary>
/// The console the CLI writes tables to. When output goes to a pipe or a file there is no terminal width to fit,
/// so tables get a wide fixed width instead of wrapping at 80 columns.
/// </summary>
internal static class Terminal
{
    private const int PipeWidth = 200;

    public static IAnsiConsole Create() => Create(Console.Out);

    /// <summary>A console writing to <paramref name="output"/>; anything but a terminal gets no colours and the wide width.</summary>
    public static IAnsiConsole Create(TextWriter output)
    {
        var live = IsLive(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!live)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }

    /// <summary>True when <paramref name="output"/> is the process's standard output and that is a terminal.</summary>
    public static bool IsLive(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}

using Spectre.Console;

namespace Drydock.Cli.Output;

/// <summary>
/// The console the CLI writes tables to. When output goes to a pipe or a file there is no terminal width to fit,
/// so tables get a wide fixed width instead of wrapping at 80 columns.
/// </summary>
internal static class Terminal
{
    private const int PipeWidth = 200;

    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }
}

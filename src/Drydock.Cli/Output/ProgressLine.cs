namespace Drydock.Cli.Output;

/// <summary>
/// One line of progress that changes in place on a terminal (carriage return, erase line); elsewhere each new text is
/// a line of its own, and a text that did not change is not repeated.
/// </summary>
internal sealed class ProgressLine(TextWriter output, bool live)
{
    private string? _last;

    public void Show(string text)
    {
        if (text == _last)
        {
            return;
        }

        if (live)
        {
            output.Write("\r\u001b[2K" + text);
            output.Flush();
        }
        else
        {
            output.WriteLine(text);
        }

        _last = text;
    }

    /// <summary>Ends the line in place, so what follows starts on a line of its own.</summary>
    public void End()
    {
        if (live && _last is not null)
        {
            output.WriteLine();
        }

        _last = null;
    }
}

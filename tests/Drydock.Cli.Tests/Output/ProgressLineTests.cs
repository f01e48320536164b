using Drydock.Cli.Output;

namespace Drydock.Cli.Tests.Output;

public sealed class ProgressLineTests
{
    [Fact]
    public void Show_NotATerminal_WritesEachNewTextOnItsOwnLineOnce()
    {
        using var output = new StringWriter();
        var line = new ProgressLine(output, live: false);

        line.Show("step 1/2");
        line.Show("step 1/2");
        line.Show("step 2/2");
        line.End();

        Assert.Equal($"step 1/2{Environment.NewLine}step 2/2{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public void Show_Terminal_RewritesTheLineInPlaceAndEndEndsIt()
    {
        using var output = new StringWriter();
        var line = new ProgressLine(output, live: true);

        line.Show("step 1/2");
        line.Show("step 2/2");
        line.End();

        Assert.Equal($"\r\u001b[2Kstep 1/2\r\u001b[2Kstep 2/2{Environment.NewLine}", output.ToString());
    }
}

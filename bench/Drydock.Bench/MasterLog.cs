using System.Globalization;
using System.Text;

namespace Drydock.Bench;

/// <summary>The master's log in a report: how many lines, how many warnings or errors, and the first few of those.</summary>
internal static class MasterLog
{
    private const int Shown = 5;

    public static void AppendTo(StringBuilder text, MasterUnderTest master)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"| master log lines, of which warnings or errors | {master.LogLines:N0}, {master.ProblemLines:N0} |");
        if (master.ProblemLines == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("First warnings and errors in the master's log:");
        text.AppendLine();
        text.AppendLine("```");
        foreach (var line in master.Problems.Take(Shown))
        {
            text.AppendLine(line);
        }

        text.AppendLine("```");
    }
}

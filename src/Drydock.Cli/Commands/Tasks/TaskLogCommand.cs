using System.CommandLine;
using System.Text;
using System.Text.Json;
using Drydock.Client;

namespace Drydock.Cli.Commands.Tasks;

/// <summary>
/// <c>drydock task log TASK [--stderr] [--follow] [--lines N]</c>: finds the task through the master's <c>/state</c>,
/// then reads its <c>stdout</c> (or <c>stderr</c>) from its agent's <c>/files/read</c>, as Mesos's and DC/OS's tools
/// do. Exit codes: 1 when the master knows no such task or the agent has no such file, 3 when the master or the
/// agent cannot be reached.
/// </summary>
internal static class TaskLogCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var task = new Argument<string>("task") { Description = "The task's id" };
        var stderr = new Option<bool>("--stderr") { Description = "Show stderr instead of stdout" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing what the task writes, until Ctrl-C" };
        var lines = new Option<int?>("--lines", "-n") { Description = "Show only the last N lines" };
        var command = new Command("log", "Show what a task wrote to its stdout or stderr") { task, stderr, follow, lines };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async master =>
        {
            if (parse.GetValue(lines) is < 0)
            {
                throw new UsageException("--lines must be 0 or more");
            }

            var taskId = parse.GetValue(task)!;
            using var state = JsonDocument.Parse(await master.GetStateJsonAsync(ct));
            var sandbox = TaskSandbox.Find(state.RootElement, taskId, out var agentMissing);
            if (sandbox is null)
            {
                if (agentMissing is not null)
                {
                    await Console.Error.WriteLineAsync($"error: the master does not list agent {agentMissing} of task {taskId}, so it cannot be reached");
                    return CliRunner.Unreachable;
                }

                await Console.Error.WriteLineAsync($"error: the master knows no task {taskId}");
                return CliRunner.Refused;
            }

            using var agent = new AgentClient(sandbox.Agent);
            try
            {
                using var agentState = JsonDocument.Parse(await agent.GetStateJsonAsync(ct));
                var file = sandbox.Directory(agentState.RootElement).TrimEnd('/') + (parse.GetValue(stderr) ? "/stderr" : "/stdout");
                return await PrintAsync(agent, file, parse.GetValue(lines), parse.GetValue(follow), ct);
            }
            catch (AgentUnreachableException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return CliRunner.Unreachable;
            }
            catch (AgentApiException e)
            {
                await Console.Error.WriteLineAsync($"error: the agent at {sandbox.Agent} refused the request ({(int)e.Status}){(e.Message.Length > 0 ? ": " + e.Message : string.Empty)}");
                return CliRunner.Refused;
            }
        }));
        return command;
    }

    private static async Task<int> PrintAsync(AgentClient agent, string file, int? lines, bool follow, CancellationToken ct)
    {
        var size = await agent.SizeAsync(file, ct);
        long offset;
        if (lines is { } count)
        {
            (var tail, offset) = await TailAsync(agent, file, size, count, ct);
            await Console.Out.WriteAsync(tail);
        }
        else
        {
            offset = await CopyAsync(agent, file, 0, size, ct);
        }

        while (follow && !ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FollowInterval, ct);
                var now = await agent.SizeAsync(file, ct);
                // A file that shrank was replaced or truncated: start again from its beginning.
                offset = await CopyAsync(agent, file, now < offset ? 0 : offset, now, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
        }

        return 0;
    }

    /// <summary>Prints the bytes from <paramref name="from"/> to <paramref name="to"/>; returns where it stopped.</summary>
    private static async Task<long> CopyAsync(AgentClient agent, string file, long from, long to, CancellationToken ct)
    {
        var offset = from;
        while (offset < to)
        {
            var data = await agent.ReadAsync(file, offset, to - offset, ct);
            if (data.Length == 0)
            {
                break;
            }

            await Console.Out.WriteAsync(data);
            await Console.Out.FlushAsync(ct);
            offset += Encoding.UTF8.GetByteCount(data);
        }

        return offset;
    }

    /// <summary>
    /// The last <paramref name="count"/> lines of the first <paramref name="size"/> bytes, read backwards one window at
    /// a time until enough lines are in hand; and the offset after them.
    /// </summary>
    private static async Task<(string Tail, long Offset)> TailAsync(AgentClient agent, string file, long size, int count, CancellationToken ct)
    {
        const long Window = 64 * 1024;
        var text = string.Empty;
        var start = size;
        while (start > 0 && Newlines(text) <= count)
        {
            var from = Math.Max(0, start - Window);
            var chunk = new StringBuilder();
            var offset = from;
            while (offset < start)
            {
                var data = await agent.ReadAsync(file, offset, start - offset, ct);
                if (data.Length == 0)
                {
                    break;
                }

                chunk.Append(data);
                offset += Encoding.UTF8.GetByteCount(data);
            }

            text = chunk + text;
            start = from;
        }

        return (LastLines(text, count), size);
    }

    private static int Newlines(string text) => text.Count(c => c == '\n');

    /// <summary>The last <paramref name="count"/> lines; a final line without a newline counts as one.</summary>
    internal static string LastLines(string text, int count)
    {
        if (count == 0)
        {
            return string.Empty;
        }

        var end = text.EndsWith('\n') ? text.Length - 1 : text.Length;
        var cut = end;
        for (var seen = 0; cut > 0; cut--)
        {
            if (text[cut - 1] == '\n' && ++seen == count)
            {
                break;
            }
        }

        return text[cut..];
    }
}

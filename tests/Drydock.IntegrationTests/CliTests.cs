using System.Net.Sockets;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>The <c>drydock</c> operator commands against a real master, as an operator runs them.</summary>
public sealed class CliTests
{
    private static Task<(int ExitCode, string Stdout, string Stderr)> Drydock(MasterProcess master, params string[] args) =>
        DrydockRun.RunAsync(["--master", master.Url.ToString().TrimEnd('/'), .. args]);

    [Fact]
    public async Task ScheduleAdd_ThenGet_ShowsWindowAndModes()
    {
        await using var master = await MasterProcess.StartAsync();

        var add = await Drydock(master, "maintenance", "schedule", "add", "--machine", "agent-1=10.0.0.1", "10.0.0.2", "--start", "+1h", "--duration", "90m");
        var get = await Drydock(master, "maintenance", "schedule", "get");
        var json = await Drydock(master, "maintenance", "schedule", "get", "--json");

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("Scheduled 2 machine(s)", add.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, get.ExitCode);
        Assert.Contains("agent-1", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("DRAINING", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("1h 30m", get.Stdout, StringComparison.Ordinal);
        Assert.True(get.Stdout.Contains("(in 1h)", StringComparison.Ordinal) || get.Stdout.Contains("(in 59m", StringComparison.Ordinal), get.Stdout);
        Assert.Contains("\"hostname\":\"10.0.0.2\",\"ip\":\"10.0.0.2\"", json.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"duration\":{\"nanoseconds\":5400000000000}", json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleAdd_SecondWindow_KeepsFirstAndMovesRepeatedMachine()
    {
        await using var master = await MasterProcess.StartAsync();
        await Drydock(master, "maintenance", "schedule", "add", "-m", "a=10.0.0.1", "b=10.0.0.2", "--duration", "1h");

        var second = await Drydock(master, "maintenance", "schedule", "add", "-m", "b=10.0.0.2", "c=10.0.0.3", "--start", "+2h");
        var json = await Drydock(master, "maintenance", "schedule", "get", "--json");

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("Moved b (10.0.0.2)", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, json.Stdout.Split("\"unavailability\"").Length - 1);
        Assert.Equal(1, json.Stdout.Split("\"b\"").Length - 1);
    }

    [Fact]
    public async Task DownAndUp_FullProcedure_MovesModesAndEmptiesSchedule()
    {
        await using var master = await MasterProcess.StartAsync();
        await Drydock(master, "maintenance", "schedule", "add", "-m", "a=10.0.0.1", "b=10.0.0.2");

        var down = await Drydock(master, "machine", "down", "-m", "a=10.0.0.1");
        var status = await Drydock(master, "maintenance", "status");
        var again = await Drydock(master, "machine", "down", "-m", "a=10.0.0.1");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """[{"hostname":"a","ip":"10.0.0.1"}]""", TestContext.Current.CancellationToken);
            var up = await Drydock(master, "machine", "up", "--file", file);
            var remove = await Drydock(master, "maintenance", "schedule", "remove", "-m", "b=10.0.0.2");
            var empty = await Drydock(master, "maintenance", "schedule", "get", "--json");

            Assert.True(down.ExitCode == 0, down.Stderr);
            Assert.Contains("1 draining, 1 down", status.Stdout, StringComparison.Ordinal);
            Assert.Equal(CliExit.Refused, again.ExitCode);
            Assert.Contains("""Machine '{"hostname":"a","ip":"10.0.0.1"}' is not in DRAINING mode and cannot be brought down""", again.Stderr, StringComparison.Ordinal);
            Assert.True(up.ExitCode == 0, up.Stderr);
            Assert.True(remove.ExitCode == 0, remove.Stderr);
            Assert.Equal("{}", empty.Stdout.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ScheduleSet_FromStdinAndRefused_PrintsMastersMessage()
    {
        await using var master = await MasterProcess.StartAsync();
        const string schedule = """{"windows":[{"machine_ids":[{"hostname":"m1","ip":"10.0.0.1"}],"unavailability":{"start":{"nanoseconds":1}}}]}""";

        var set = await DrydockRun.RunAsync(["--master", master.Url.ToString(), "maintenance", "schedule", "set", "-"], stdin: schedule);
        var bad = await DrydockRun.RunAsync(["--master", master.Url.ToString(), "maintenance", "schedule", "set", "-"], stdin: """{"windows":[{"machine_ids":[],"unavailability":{"start":{"nanoseconds":1}}}]}""");
        var json = await Drydock(master, "maintenance", "schedule", "get", "--json");

        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.Equal(CliExit.Refused, bad.ExitCode);
        Assert.Contains("(400): List of machines in the maintenance window is empty", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(schedule, json.Stdout.Trim());
    }

    [Theory]
    [InlineData("machine", "down", "-m", "just-a-hostname")]
    [InlineData("machine", "down")]
    [InlineData("maintenance", "schedule", "add", "-m", "a=10.0.0.1", "--duration", "soon")]
    [InlineData("maintenance", "schedule", "add", "-m", "a=10.0.0.1", "--start", "yesterday-ish")]
    [InlineData("maintenance", "schedule", "set", "/nonexistent/schedule.json")]
    public async Task Commands_BadInput_ExitUsageWithOneLine(params string[] args)
    {
        await using var master = await MasterProcess.StartAsync();

        var result = await Drydock(master, args);

        Assert.Equal(CliExit.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Status_MasterUnreachable_OneLineAndExit3()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await DrydockRun.RunAsync(["maintenance", "status"], environment: new Dictionary<string, string> { ["DRYDOCK_MASTER"] = $"http://127.0.0.1:{port}" });

        Assert.Equal(CliExit.Unreachable, result.ExitCode);
        Assert.StartsWith($"error: cannot reach the master at http://127.0.0.1:{port}/", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Master_InvalidFlags_ListsEveryErrorAndExits2()
    {
        var result = await DrydockRun.RunAsync(
            ["master", "--ip", "not-an-ip", "--log-level", "loud"],
            environment: new Dictionary<string, string> { ["DRYDOCK_PORT"] = "99999" });

        Assert.Equal(CliExit.Usage, result.ExitCode);
        Assert.Contains("--ip 'not-an-ip' is not an IP address", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--port 99999 is not between 0 and 65535", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--log-level 'loud'", result.Stderr, StringComparison.Ordinal);
    }

    private static class CliExit
    {
        public const int Refused = 1;
        public const int Usage = 2;
        public const int Unreachable = 3;
    }
}

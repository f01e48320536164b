using System.Globalization;
using System.Net;
using System.Text;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;

namespace Drydock.Bench;

/// <summary>
/// A schedule of 10,000 machines in 100 windows against a real master: POST and GET latency, the master's memory,
/// and <c>/machine/down</c> and <c>/machine/up</c> of 1,000 machines. Each POST is a real change (two schedules
/// alternate), so every one is validated and committed to disk with fsync.
/// </summary>
internal static class MaintenanceBenchmark
{
    private const int Machines = 10_000;
    private const int Windows = 100;
    private const int DownBatch = 1_000;
    private const int Warmup = 5;
    private const int PostRounds = 60;
    private const int GetRounds = 300;
    private const int DownRounds = 30;

    public static async Task<string> RunAsync()
    {
        await using var master = await MasterUnderTest.StartAsync();
        using var http = new HttpClient { BaseAddress = master.Url, Timeout = TimeSpan.FromMinutes(2) };
        var idle = master.RssMiB();

        var scheduleA = Encode(Schedule(startSeconds: 1_800_000_000));
        var scheduleB = Encode(Schedule(startSeconds: 1_800_003_600));
        var post = new Latencies("POST /maintenance/schedule (10,000 machines, 100 windows)");
        var get = new Latencies("GET /maintenance/schedule (10,000 machines)");
        var status = new Latencies("GET /maintenance/status (10,000 machines)");
        var down = new Latencies("POST /machine/down (1,000 machines)");
        var up = new Latencies("POST /machine/up (1,000 machines)");

        for (var i = 0; i < Warmup; i++)
        {
            await Send(http, HttpMethod.Post, "maintenance/schedule", i % 2 == 0 ? scheduleA : scheduleB);
            await Send(http, HttpMethod.Get, "maintenance/schedule", null);
        }

        for (var i = 0; i < PostRounds; i++)
        {
            var body = i % 2 == 0 ? scheduleA : scheduleB;
            await post.TimeAsync(() => Send(http, HttpMethod.Post, "maintenance/schedule", body));
        }

        var bodySize = 0;
        for (var i = 0; i < GetRounds; i++)
        {
            bodySize = await get.TimeAsync(() => Send(http, HttpMethod.Get, "maintenance/schedule", null));
            await status.TimeAsync(() => Send(http, HttpMethod.Get, "maintenance/status", null));
        }

        var loaded = master.RssMiB();

        var batch = Encode<IReadOnlyList<MachineId>>(Enumerable.Range(0, DownBatch).Select(Machine).ToArray());
        for (var i = 0; i < DownRounds; i++)
        {
            await Send(http, HttpMethod.Post, "maintenance/schedule", scheduleA);
            await down.TimeAsync(() => Send(http, HttpMethod.Post, "machine/down", batch));
            await up.TimeAsync(() => Send(http, HttpMethod.Post, "machine/up", batch));
        }

        var after = master.RssMiB();
        var report = new StringBuilder();
        report.AppendLine("# Maintenance API figures");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
        report.AppendLine("Command: `dotnet run -c Release --project bench/Drydock.Bench -- maintenance bench/results/maintenance.md`");
        report.AppendLine();
        report.AppendLine("A real `drydock master` process (Release) on loopback, SQLite registry with `synchronous=FULL`; one client, sequential requests.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Schedule body: {scheduleA.Length / 1024.0:0} KiB posted, {bodySize / 1024.0:0} KiB returned by GET.");
        report.AppendLine();
        report.AppendLine("| request | n | median ms | p99 ms | max ms |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var l in new[] { post, get, status, down, up })
        {
            report.AppendLine(l.Row());
        }

        report.AppendLine();
        report.AppendLine("| master memory (RSS) | MiB |");
        report.AppendLine("|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| idle, empty registry | {idle:0.0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| after the POST/GET rounds, 10,000 machines scheduled | {loaded:0.0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| after the down/up rounds | {after:0.0} |");
        return report.ToString();
    }

    internal static MachineId Machine(int i) =>
        new(string.Create(CultureInfo.InvariantCulture, $"agent-{i:00000}.example"), string.Create(CultureInfo.InvariantCulture, $"10.{i / 65536}.{i / 256 % 256}.{i % 256}"));

    internal static MaintenanceSchedule Schedule(long startSeconds) => new(
        Enumerable.Range(0, Windows)
            .Select(w => new MaintenanceWindow(
                Enumerable.Range(w * (Machines / Windows), Machines / Windows).Select(Machine).ToArray(),
                new Unavailability(new TimeInfo((startSeconds + (w * 3600L)) * 1_000_000_000L), new DurationInfo(3_600_000_000_000))))
            .ToArray());

    private static byte[] Encode<T>(T value) => MesosJson.SerializeToUtf8(value);

    private static async Task<int> Send(HttpClient http, HttpMethod method, string path, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        }

        return bytes.Length;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.Bodies;

namespace Drydock.IntegrationTests;

/// <summary>
/// Randomized bodies for every POST endpoint, from a fixed seed (<c>DRYDOCK_FUZZ_SEED</c> overrides it; every
/// failure message names the seed so a run can be repeated).
/// </summary>
public sealed class FuzzTests
{
    private const int DefaultSeed = 5050;
    private const int RequestCount = 3000;
    private const int Concurrency = 8;

    private static readonly string[] Prefixes = ["", "/master", "/mesos", "/mesos/master"];

    /// <summary>Valid requests to start from, against <see cref="MixedModesBaseline"/> (M1 DOWN, M2 and M3 DRAINING).</summary>
    private static readonly (string Path, string Body)[] ValidRequests =
    [
        ("maintenance/schedule", MixedModesBaseline.Schedule),
        ("maintenance/schedule", ScheduleOf(M1, M2)),
        ("machine/down", List(M2)),
        ("machine/down", List(M2, M3)),
        ("machine/up", List(M1)),
        ("api/v1", V1Update(MixedModesBaseline.Schedule)),
        ("api/v1", V1Start(M3)),
        ("api/v1", V1Stop(M1)),
        ("api/v1", V1("GET_MAINTENANCE_SCHEDULE")),
        ("api/v1", V1("GET_MAINTENANCE_STATUS")),
    ];

    /// <summary>
    /// Why the state check is sound although some mutations stay valid and change state: requests go in batches
    /// of <see cref="Concurrency"/>. A successful change answers 200 with an empty body (wire rule 2), and only then
    /// may the state differ; after such a batch the baseline is restored through the API (up every DOWN machine,
    /// clear, re-apply) and checked to be byte-identical to the original. After every other batch (all refused,
    /// or only reads, which answer with a JSON body) the schedule and status must be byte-identical to the
    /// baseline. So a refused request that changed anything, or a read that did, is caught in its batch. M1 is
    /// DOWN in the baseline, so most mutated schedules are refused (M1 cannot be dropped) and most batches are
    /// checked.
    /// </summary>
    [Fact]
    public async Task PostEndpoints_MutatedValidBodies_NeverServerErrorAndRefusalsChangeNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s
            : DefaultSeed;
        var random = new Random(seed);
        var mutator = new BodyMutator(random);
        await using var master = await MasterSession.StartAsync();
        var baseline = await MixedModesBaseline.ApplyAsync(master);
        int accepted = 0, refused = 0, checkedBatches = 0, restores = 0;

        for (var first = 0; first < RequestCount; first += Concurrency)
        {
            // Generated one after another from the seeded Random, so the requests do not depend on timing.
            var batch = Enumerable.Range(first, Concurrency).Select(i => Next(i, random, mutator)).ToList();
            var replies = await Task.WhenAll(batch.Select(request => SendAsync(master, request, seed)));

            var changed = false;
            foreach (var (request, reply) in batch.Zip(replies))
            {
                Assert.True(reply.Status < 500 || IsUnservedCall(request, reply), $"seed={seed}: {reply} for {request}");
                Assert.True(reply.Status >= 200, $"seed={seed}: {reply} for {request}");
                if (reply.Status < 300 && reply.BodyBytes.Length == 0)
                {
                    changed = true;
                    accepted++;
                }
                else if (reply.Status >= 400)
                {
                    refused++;
                }
            }

            if (changed)
            {
                await RestoreAsync(master);
                restores++;
                Assert.True(baseline == await master.SnapshotAsync(), $"seed={seed}: the baseline could not be restored after batch at #{first}");
            }
            else
            {
                var now = await master.SnapshotAsync();
                Assert.True(
                    baseline == now,
                    $"seed={seed}: state changed although no request in the batch succeeded.\nBefore: {baseline}\nAfter: {now}\n"
                        + string.Join('\n', batch));
                checkedBatches++;
            }
        }

        Assert.True(await master.IsAliveAsync(), $"seed={seed}: the master died:\n{master.Process.Output}");
        Assert.Equal(baseline, await master.SnapshotAsync());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed={seed}: {RequestCount} requests, {refused} refused, {accepted} accepted; {checkedBatches} batches checked, {restores} restores");

        // The fuzzing is only worth something if most requests reach validation and fail, and most batches are checked.
        Assert.True(refused > RequestCount / 2, $"seed={seed}: only {refused} refused");
        Assert.True(checkedBatches > RequestCount / Concurrency / 2, $"seed={seed}: only {checkedBatches} batches checked");
    }

    private static FuzzRequest Next(int index, Random random, BodyMutator mutator)
    {
        var (path, valid) = ValidRequests[random.Next(ValidRequests.Length)];
        var prefixed = Prefixes[random.Next(Prefixes.Length)] + "/" + path;
        string? contentType = random.Next(20) switch
        {
            0 => null,
            1 => "text/plain",
            2 => "application/json; charset=utf-8",
            _ => MasterSession.Json,
        };

        // A few stay valid, so the accepted path and the restore are exercised too.
        if (random.Next(100) == 0)
        {
            return new FuzzRequest(index, prefixed, contentType, System.Text.Encoding.UTF8.GetBytes(valid), "none");
        }

        var (body, edits) = mutator.Mutate(valid);
        return new FuzzRequest(index, prefixed, contentType, body, edits);
    }

    /// <summary>
    /// Mesos answers 501 to a call it knows by name but does not serve (UNKNOWN, and here the calls Drydock does not
    /// serve yet); that is the only 5xx allowed, and only when the body names the call type exactly.
    /// </summary>
    private static bool IsUnservedCall(FuzzRequest request, HttpReply reply)
    {
        if (reply.Status != 501 || !request.Path.EndsWith("api/v1", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(request.Body) is JsonObject call
                && call["type"] is JsonValue type
                && type.TryGetValue<string>(out var name)
                && name.Length > 0
                && name.All(c => c is (>= 'A' and <= 'Z') or '_');
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static async Task<HttpReply> SendAsync(MasterSession master, FuzzRequest request, int seed)
    {
        try
        {
            return await master.PostBytesAsync(request.Path, request.Body, request.ContentType);
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"seed={seed}: the connection failed ({e.Message}) for {request}\n{master.Process.Output}");
            throw;
        }
    }

    /// <summary>Brings the master back to <see cref="MixedModesBaseline"/> through the API, whatever was accepted.</summary>
    private static async Task RestoreAsync(MasterSession master)
    {
        var down = JsonNode.Parse(await master.StatusAsync())!["down_machines"];
        if (down is JsonArray { Count: > 0 })
        {
            Replies.AssertOk(await master.PostAsync("machine/up", down.ToJsonString()));
        }

        Replies.AssertOk(await master.PostAsync("maintenance/schedule", "{}"));
        await MixedModesBaseline.ApplyAsync(master);
    }
}

using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>
/// Role weights over a real master: UPDATE_WEIGHTS is answered once the weights are in the registry, GET_WEIGHTS,
/// <c>/weights</c> and GET_ROLES show them, bad input changes nothing, and a restarted master keeps them over
/// <c>--weights</c>.
/// </summary>
public sealed class WeightsTests
{
    private const string GetWeights = """{"type":"GET_WEIGHTS"}""";

    private static string Update(string weightInfos) => """{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":""" + weightInfos + "}}";

    private static async Task<string> WeightsAsync(MasterSession master) => Replies.AssertJson(await master.CallAsync(GetWeights));

    private static async Task<Dictionary<string, double>> RoleWeightsAsync(MasterSession master)
    {
        using var roles = JsonDocument.Parse(Replies.AssertJson(await master.CallAsync("""{"type":"GET_ROLES"}""")));
        return roles.RootElement.GetProperty("get_roles").GetProperty("roles").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task UpdateWeights_ThenRestart_WeightsShownEverywhereAndKeptOverTheFlag()
    {
        var workDir = Directory.CreateTempSubdirectory("drydock-weights-");
        try
        {
            await using (var first = await MasterSession.StartAsync(workDir.FullName, "--weights", "web=3,batch=0.5"))
            {
                Assert.Equal("""{"type":"GET_WEIGHTS","get_weights":{"weight_infos":[{"weight":0.5,"role":"batch"},{"weight":3,"role":"web"}]}}""", await WeightsAsync(first));

                Replies.AssertOk(await first.CallAsync(Update("""[{"role":"web","weight":2.0},{"role":" ops ","weight":1.5}]""")));

                const string expected = """[{"weight":0.5,"role":"batch"},{"weight":1.5,"role":"ops"},{"weight":2,"role":"web"}]""";
                Assert.Equal("""{"type":"GET_WEIGHTS","get_weights":{"weight_infos":""" + expected + "}}", await WeightsAsync(first));
                Assert.Equal(expected, Replies.AssertJson(await first.GetAsync("weights")));
                Assert.Equal(expected, Replies.AssertJson(await first.GetAsync("/master/weights")));
                Assert.Equal(new Dictionary<string, double> { ["batch"] = 0.5, ["ops"] = 1.5, ["web"] = 2 }, await RoleWeightsAsync(first));
                await first.Process.KillAsync();
            }

            // The registry holds weights now, so a different --weights is not read.
            await using var second = await MasterSession.StartAsync(workDir.FullName, "--weights", "web=7,other=9");

            Assert.Equal(
                """{"type":"GET_WEIGHTS","get_weights":{"weight_infos":[{"weight":0.5,"role":"batch"},{"weight":1.5,"role":"ops"},{"weight":2,"role":"web"}]}}""",
                await WeightsAsync(second));
            Assert.Equal(new Dictionary<string, double> { ["batch"] = 0.5, ["ops"] = 1.5, ["web"] = 2 }, await RoleWeightsAsync(second));
            Assert.Contains("Recovered the weights of 3 roles from the registry", second.Process.Output, StringComparison.Ordinal);
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UpdateWeights_RoleWithAnOfferOut_OfferRescindedAndMadeAgain()
    {
        var agentDir = Directory.CreateTempSubdirectory("drydock-weights-agent-");
        try
        {
            await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
            await using var agent = AgentProcess.Start(master.Url, agentDir.FullName, "127.0.11.7", "agent-weights", ["--resources", "cpus:1;mem:256"]);
            await agent.WaitRegisteredAsync();
            await using var stream = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"weights-test","roles":["web"]}""");
            await stream.NextAsync();
            var offer = (await SchedulerCalls.NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];

            using var http = new HttpClient { BaseAddress = master.Url };
            using var reply = await http.PostAsync("api/v1", new StringContent(Update("""[{"role":"web","weight":2.0}]"""), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            var rescind = await SchedulerCalls.NextAsync(stream, "RESCIND");
            var again = (await SchedulerCalls.NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];

            Assert.Equal(200, (int)reply.StatusCode);
            Assert.Equal(offer.GetProperty("id").GetRawText(), rescind.GetProperty("rescind").GetProperty("offer_id").GetRawText());
            Assert.Equal("web", again.GetProperty("allocation_info").GetProperty("role").GetString());
        }
        finally
        {
            agentDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UpdateWeights_BadInput_400WithTheReasonAndNothingChanges()
    {
        await using var master = await MasterSession.StartAsync(null, "--weights", "web=3");
        var before = await WeightsAsync(master);
        const string validate = "Failed to validate update weights request JSON";
        const string convert = "Failed to convert JSON into Call protobuf: ";
        (string Call, string Error)[] cases =
        [
            (Update("""[{"role":"batch","weight":2},{"role":"web","weight":0}]"""), validate + " for role 'web': Invalid weight '0': Weights must be positive"),
            (Update("""[{"role":"web","weight":-1}]"""), validate + " for role 'web': Invalid weight '-1': Weights must be positive"),
            (Update("""[{"role":"-web","weight":2}]"""), validate + ": Invalid role '-web': Role component '-web' is invalid because it starts with a dash"),
            (Update("""[{"weight":2}]"""), validate + ": Invalid role '': Role names cannot be the empty string"),
            (Update("""[{"role":"a b","weight":2}]"""), validate + ": Invalid role 'a b': Role component 'a b' is invalid because it contains backspace or whitespace"),
            // An infinite weight never reaches the validator: the JSON boundary refuses every non-finite number.
            (Update("""[{"role":"web","weight":"Infinity"}]"""), convert + "Value 'Infinity' is not a finite number for field 'update_weights.weight_infos[0].weight'"),
            (Update("""[{"role":"web","weight":1e400}]"""), convert + "Value '1e400' is not a finite number for field 'update_weights.weight_infos[0].weight'"),
            (Update("""[{"role":"web"}]"""), convert + "Missing required fields: update_weights.weight_infos[0].weight"),
            (Update("""[{"role":"web","weight":"heavy"}]"""), convert + "Failed to parse 'heavy' as a JSON number for field 'weight'"),
            ("""{"type":"UPDATE_WEIGHTS"}""", "Failed to validate master::Call: Expecting 'update_weights' to be present"),
        ];

        foreach (var (call, error) in cases)
        {
            Replies.AssertBadRequest(await master.CallAsync(call), error);
        }

        Assert.Equal(before, await WeightsAsync(master));
        Assert.Equal("""{"type":"GET_WEIGHTS","get_weights":{"weight_infos":[{"weight":3,"role":"web"}]}}""", before);
    }

    [Fact]
    public async Task GetWeights_NoneSet_EmptyAnswers()
    {
        await using var master = await MasterSession.StartAsync();

        Assert.Equal("""{"type":"GET_WEIGHTS","get_weights":{}}""", await WeightsAsync(master));
        Assert.Equal("[]", Replies.AssertJson(await master.GetAsync("weights")));
        Assert.Equal(405, (await master.SendAsync(HttpMethod.Delete, "weights", null)).Status);
    }
}

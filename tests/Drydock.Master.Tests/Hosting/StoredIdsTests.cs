using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Maintenance;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Tests.Hosting;

/// <summary>A registry written by an older build, which let invalid ids in: the master starts, warns, lists and removes them.</summary>
public sealed class StoredIdsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-stored-ids-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Invalid_StoredAgentsAndFrameworks_ListsEachWithTheRule()
    {
        var state = DurableState.Empty with
        {
            Agents = DurableState.Empty.Agents.Add(string.Empty, Agent(string.Empty)).Add("fine-S0", Agent("fine-S0")),
            Gone = DurableState.Empty.Gone.Add("..", DateTimeOffset.UnixEpoch),
            Frameworks = DurableState.Empty.Frameworks.Add("a/b", new StoredFramework("a/b", "{}", DateTimeOffset.UnixEpoch)),
        };

        var invalid = StoredIds.Invalid(state).OrderBy(i => i.Kind, StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [("agent", string.Empty, "ID must not be empty"), ("framework", "a/b", "'a/b' contains invalid characters"), ("gone agent", "..", "'..' is disallowed")],
            invalid);
    }

    [Fact]
    public async Task Start_RegistryWithInvalidIds_StartsWarnsRendersAndTheOperatorRemovesThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var paths = new MasterPaths(_dir.FullName);
        paths.EnsureCreated();
        await using (var store = new SqliteMasterStore(paths.RegistryDatabase))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new AdmitAgentOperation(Agent(string.Empty)), ct);
            await store.ApplyAsync(new AddFrameworkOperation(new StoredFramework("a/b", """{"user":"root","name":"legacy","id":{"value":"a/b"},"failover_timeout":3600}""", DateTimeOffset.UnixEpoch)), ct);
        }

        var logs = new ConcurrentQueue<string>();
        await using var host = MasterHost.Create(new MasterSettings { WorkDir = _dir.FullName, Port = 0 }, logging => logging.AddProvider(new Collecting(logs)));
        await host.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url + "/") };

        var state = await http.GetAsync("state", ct);
        var agents = await CallAsync(http, """{"type":"GET_AGENTS"}""", ct);
        var frameworks = await CallAsync(http, """{"type":"GET_FRAMEWORKS"}""", ct);
        var gone = await http.PostAsync("api/v1", Json("""{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":""}}}"""), ct);
        var teardown = await http.PostAsync("api/v1", Json("""{"type":"TEARDOWN","teardown":{"framework_id":{"value":"a/b"}}}"""), ct);
        var after = await CallAsync(http, """{"type":"GET_AGENTS"}""", ct);
        await host.StopAsync();

        Assert.Equal(200, (int)state.StatusCode);
        Assert.Equal(string.Empty, agents.GetProperty("get_agents").GetProperty("recovered_agents")[0].GetProperty("id").GetProperty("value").GetString());
        Assert.Contains(frameworks.GetProperty("get_frameworks").GetProperty("frameworks").EnumerateArray(), f => f.GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString() == "a/b");
        Assert.Equal((200, 200), ((int)gone.StatusCode, (int)teardown.StatusCode));
        Assert.False(after.GetProperty("get_agents").TryGetProperty("recovered_agents", out _));
        Assert.Contains(logs, l => l.Contains("agent id ''", StringComparison.Ordinal) && l.Contains("ID must not be empty", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("framework id 'a/b'", StringComparison.Ordinal));
    }

    private static AdmittedAgent Agent(string id) => new(id, new AgentInfo("legacy", 5051, [], []), new MachineId("legacy", "10.0.0.9"));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> CallAsync(HttpClient http, string call, CancellationToken ct)
    {
        using var response = await http.PostAsync("api/v1", Json(call), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private sealed class Collecting(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;

namespace Drydock.Client;

/// <summary>
/// A client of a Drydock (or Mesos) master's operator endpoints. Every method either returns what the master
/// answered, or throws <see cref="MasterApiException"/> with the master's own message, or
/// <see cref="MasterUnreachableException"/>.
/// </summary>
public sealed class MasterClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client for the master at <paramref name="master"/> (e.g. <c>http://127.0.0.1:5050</c>).</summary>
    public MasterClient(Uri master, HttpClient? http = null)
    {
        Master = master;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The master's base URL.</summary>
    public Uri Master { get; }

    /// <summary>GET <c>/maintenance/schedule</c>.</summary>
    public async Task<MaintenanceSchedule> GetScheduleAsync(CancellationToken cancellationToken = default)
    {
        var body = await SendAsync(HttpMethod.Get, "maintenance/schedule", null, cancellationToken);
        return Decode(MaintenanceJson.ParseSchedule(body));
    }

    /// <summary>GET <c>/maintenance/schedule</c>, the master's JSON as it is.</summary>
    public async Task<string> GetScheduleJsonAsync(CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await SendAsync(HttpMethod.Get, "maintenance/schedule", null, cancellationToken));

    /// <summary>POST <c>/maintenance/schedule</c> with a schedule.</summary>
    public Task SetScheduleAsync(MaintenanceSchedule schedule, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "maintenance/schedule", MesosJson.SerializeToUtf8(schedule), cancellationToken);

    /// <summary>POST <c>/maintenance/schedule</c> with a body given as it is (the master validates it).</summary>
    public Task SetScheduleJsonAsync(byte[] json, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "maintenance/schedule", json, cancellationToken);

    /// <summary>GET <c>/state</c>, the master's JSON as it is.</summary>
    public async Task<string> GetStateJsonAsync(CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await SendAsync(HttpMethod.Get, "state", null, cancellationToken));

    /// <summary>GET <c>/maintenance/status</c>.</summary>
    public async Task<ClusterStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Decode(MaintenanceJson.ParseClusterStatus(await GetStatusJsonBytesAsync(cancellationToken)));

    /// <summary>GET <c>/maintenance/status</c>, the master's JSON as it is.</summary>
    public async Task<string> GetStatusJsonAsync(CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await GetStatusJsonBytesAsync(cancellationToken));

    /// <summary>POST <c>/machine/down</c>.</summary>
    public Task MachineDownAsync(IReadOnlyList<MachineId> machines, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "machine/down", MesosJson.SerializeToUtf8(machines), cancellationToken);

    /// <summary>POST <c>/machine/up</c>.</summary>
    public Task MachineUpAsync(IReadOnlyList<MachineId> machines, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "machine/up", MesosJson.SerializeToUtf8(machines), cancellationToken);

    /// <summary>POST a raw JSON body to <c>/machine/down</c> or <c>/machine/up</c>.</summary>
    public Task PostMachinesJsonAsync(bool down, byte[] json, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, down ? "machine/down" : "machine/up", json, cancellationToken);

    /// <summary>POST <c>/api/v1</c> with a call that has no payload (e.g. <c>GET_AGENTS</c>); the master's JSON as it is.</summary>
    public async Task<string> CallJsonAsync(string type, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await SendAsync(HttpMethod.Post, "api/v1", Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\"}"), cancellationToken));

    /// <summary>
    /// DRAIN_AGENT: the agent is deactivated and every task on it killed, each with at most
    /// <paramref name="maxGracePeriod"/> of grace (null: the task's own); with <paramref name="markGone"/> the agent is
    /// marked gone once drained.
    /// </summary>
    public Task DrainAgentAsync(string agentId, TimeSpan? maxGracePeriod, bool markGone, CancellationToken cancellationToken = default)
    {
        var grace = maxGracePeriod is { } g
            ? string.Create(CultureInfo.InvariantCulture, $",\"max_grace_period\":{{\"seconds\":{(long)g.TotalSeconds},\"nanos\":{(g.Ticks % TimeSpan.TicksPerSecond) * 100}}}")
            : string.Empty;
        return AgentCallAsync("DRAIN_AGENT", agentId, grace + (markGone ? ",\"mark_gone\":true" : string.Empty), cancellationToken);
    }

    /// <summary>DEACTIVATE_AGENT (<paramref name="deactivate"/>) or REACTIVATE_AGENT.</summary>
    public Task SetAgentDeactivatedAsync(string agentId, bool deactivate, CancellationToken cancellationToken = default) =>
        AgentCallAsync(deactivate ? "DEACTIVATE_AGENT" : "REACTIVATE_AGENT", agentId, string.Empty, cancellationToken);

    /// <summary>MARK_AGENT_GONE: the agent is shut down and can never come back under its id.</summary>
    public Task MarkAgentGoneAsync(string agentId, CancellationToken cancellationToken = default) =>
        AgentCallAsync("MARK_AGENT_GONE", agentId, string.Empty, cancellationToken);

    /// <summary>
    /// TEARDOWN: the framework is removed: its tasks are killed, it moves to the completed frameworks, and its scheduler
    /// hears ERROR. An unknown framework is a <see cref="MasterApiException"/> (400).
    /// </summary>
    public Task TeardownFrameworkAsync(string frameworkId, CancellationToken cancellationToken = default)
    {
        var body = "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"" + System.Text.Json.JsonEncodedText.Encode(frameworkId) + "\"}}}";
        return SendAsync(HttpMethod.Post, "api/v1", Encoding.UTF8.GetBytes(body), cancellationToken);
    }

    /// <summary>
    /// The operator event stream (<c>SUBSCRIBE</c> on <c>/api/v1</c>): each event's JSON as the master sends it,
    /// SUBSCRIBED first, until the master ends the stream or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async IAsyncEnumerable<string> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var streaming = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Master, "api/v1"))
        {
            Content = new ByteArrayContent("{\"type\":\"SUBSCRIBE\"}"u8.ToArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await streaming.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new MasterUnreachableException(Master, e.InnerException is SocketException s ? s.Message : e.Message, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var message = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
                throw new MasterApiException(response.StatusCode, message.Length > 0 ? message : $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var record in Protocol.Scheduler.RecordIo.ReadAsync(body, cancellationToken))
            {
                yield return Encoding.UTF8.GetString(record);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private Task<byte[]> AgentCallAsync(string type, string agentId, string extraFields, CancellationToken cancellationToken)
    {
        var body = "{\"type\":\"" + type + "\",\"" + type.ToLowerInvariant() + "\":{\"agent_id\":{\"value\":"
            + "\"" + System.Text.Json.JsonEncodedText.Encode(agentId) + "\"}" + extraFields + "}}";
        return SendAsync(HttpMethod.Post, "api/v1", Encoding.UTF8.GetBytes(body), cancellationToken);
    }

    private Task<byte[]> GetStatusJsonBytesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "maintenance/status", null, cancellationToken);

    private T Decode<T>(ParseResult<T> parsed) =>
        parsed.Succeeded ? parsed.Value : throw new MasterApiException(HttpStatusCode.OK, $"unexpected reply from {Master}: {parsed.Error}");

    private async Task<byte[]> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Master, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new MasterUnreachableException(Master, e.InnerException is SocketException s ? s.Message : e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MasterUnreachableException(Master, "no answer in time", e);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var message = Encoding.UTF8.GetString(bytes).Trim();
                throw new MasterApiException(response.StatusCode, message.Length > 0 ? message : $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return bytes;
        }
    }
}

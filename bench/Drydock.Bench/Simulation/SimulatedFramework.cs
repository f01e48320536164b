using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Drydock.Protocol;
using Drydock.Protocol.Scheduler;

namespace Drydock.Bench.Simulation;

/// <summary>
/// A scheduler on the v1 API: one SUBSCRIBE stream read on a background task, every event logged with its arrival
/// time. Offers are kept until the framework answers them or the master rescinds them; it may hold them, decline them
/// or accept them with tasks. Inverse offers are recorded with the agent each covers. Updates that carry a uuid are
/// acknowledged by a few workers beside the reader, so acknowledging never delays reading.
/// </summary>
internal sealed class SimulatedFramework : IAsyncDisposable
{
    public const string StreamIdHeader = "Mesos-Stream-Id";

    private const int AcknowledgeWorkers = 4;

    private readonly HttpClient _http;
    private readonly HttpResponseMessage _subscription;
    private readonly Lock _lock = new();
    private readonly List<FrameworkEvent> _events = [];
    private readonly List<ReceivedInverseOffer> _inverseOffers = [];
    private readonly List<RescindedOffer> _rescinds = [];
    private readonly List<RescindedOffer> _inverseRescinds = [];
    private readonly ConcurrentDictionary<string, HeldOffer> _offers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _taskStates = new(StringComparer.Ordinal);
    private readonly Channel<HeldOffer> _arrivals = Channel.CreateUnbounded<HeldOffer>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Channel<byte[]> _acknowledgements = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Task _reader;
    private readonly Task[] _acknowledgers;
    private int _failedCalls;

    private SimulatedFramework(HttpClient http, HttpResponseMessage subscription, string name, string id, IAsyncEnumerator<byte[]> records)
    {
        _http = http;
        _subscription = subscription;
        Name = name;
        Id = id;
        StreamId = subscription.Headers.GetValues(StreamIdHeader).Single();
        _reader = ReadAsync(records);
        _acknowledgers = Enumerable.Range(0, AcknowledgeWorkers).Select(_ => AcknowledgeAsync()).ToArray();
    }

    public string Name { get; }

    public string Id { get; }

    public string StreamId { get; }

    /// <summary>Offers received and not yet accepted, declined or rescinded, by offer id.</summary>
    public IReadOnlyDictionary<string, HeldOffer> Offers => _offers;

    /// <summary>Each offer as it arrives, for a framework that reacts to offers (accepts or declines them).</summary>
    public ChannelReader<HeldOffer> Arrivals => _arrivals.Reader;

    /// <summary>The latest state reported for each task, by task id.</summary>
    public IReadOnlyDictionary<string, string> TaskStates => _taskStates;

    /// <summary>Calls the master did not answer 202 (acknowledgements included).</summary>
    public int FailedCalls => Volatile.Read(ref _failedCalls);

    /// <summary>Whether the event stream has ended (the master closed it, or this framework was disposed).</summary>
    public bool StreamEnded => _reader.IsCompleted;

    public IReadOnlyList<FrameworkEvent> Events => Copy(_events);

    public IReadOnlyList<ReceivedInverseOffer> InverseOffers => Copy(_inverseOffers);

    public IReadOnlyList<RescindedOffer> Rescinds => Copy(_rescinds);

    public IReadOnlyList<RescindedOffer> InverseRescinds => Copy(_inverseRescinds);

    /// <summary>SUBSCRIBEs a new framework (user root, checkpointing, MULTI_ROLE) and returns once SUBSCRIBED arrived.</summary>
    public static async Task<SimulatedFramework> SubscribeAsync(Uri master, string name, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = master,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        HttpResponseMessage? response = null;
        try
        {
            var body = JsonWriting.Build(writer =>
            {
                writer.WriteString("type", "SUBSCRIBE");
                writer.WriteStartObject("subscribe");
                writer.WriteStartObject("framework_info");
                writer.WriteString("user", "root");
                writer.WriteString("name", name);
                writer.WriteStartArray("roles");
                foreach (var role in roles)
                {
                    writer.WriteStringValue(role);
                }

                writer.WriteEndArray();
                writer.WriteBoolean("checkpoint", true);
                writer.WriteNumber("failover_timeout", 3600);
                writer.WriteStartArray("capabilities");
                writer.WriteStartObject();
                writer.WriteString("type", "MULTI_ROLE");
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
            using var request = Request(body);
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"SUBSCRIBE {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            // The stream outlives this call: it is read until the framework is disposed.
            var records = RecordIo.ReadAsync(await response.Content.ReadAsStreamAsync(cancellationToken), CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
            if (!await records.MoveNextAsync())
            {
                throw new InvalidOperationException($"SUBSCRIBE {name}: the stream ended before SUBSCRIBED");
            }

            using var subscribed = JsonDocument.Parse(records.Current);
            var id = subscribed.RootElement.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
            return new SimulatedFramework(http, response, name, id, records);
        }
        catch
        {
            response?.Dispose();
            http.Dispose();
            throw;
        }
    }

    /// <summary>ACCEPT one offer with LAUNCH of the given tasks; the agent is filtered for <paramref name="refuseSeconds"/>.</summary>
    public Task AcceptAsync(HeldOffer offer, IReadOnlyList<SimulatedTask> tasks, double refuseSeconds, CancellationToken cancellationToken)
    {
        _offers.TryRemove(offer.Id, out _);
        return CallAsync(
            "ACCEPT",
            writer =>
            {
                writer.WriteStartArray("offer_ids");
                WriteId(writer, offer.Id);
                writer.WriteEndArray();
                writer.WriteStartArray("operations");
                writer.WriteStartObject();
                writer.WriteString("type", "LAUNCH");
                writer.WriteStartObject("launch");
                writer.WriteStartArray("task_infos");
                foreach (var task in tasks)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", task.TaskId);
                    JsonWriting.WriteId(writer, "task_id", task.TaskId);
                    JsonWriting.WriteId(writer, "agent_id", offer.AgentId);
                    writer.WriteStartArray("resources");
                    WriteScalar(writer, "cpus", task.Cpus);
                    WriteScalar(writer, "mem", task.MemMiB);
                    writer.WriteEndArray();
                    writer.WriteStartObject("command");
                    writer.WriteString("value", "sleep 3600");
                    writer.WriteBoolean("shell", true);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                WriteFilters(writer, refuseSeconds);
            },
            cancellationToken);
    }

    /// <summary>DECLINE the given offers, filtering their agents for <paramref name="refuseSeconds"/>.</summary>
    public Task DeclineAsync(IReadOnlyList<string> offerIds, double refuseSeconds, CancellationToken cancellationToken)
    {
        foreach (var id in offerIds)
        {
            _offers.TryRemove(id, out _);
        }

        return CallAsync(
            "DECLINE",
            writer =>
            {
                writer.WriteStartArray("offer_ids");
                foreach (var id in offerIds)
                {
                    WriteId(writer, id);
                }

                writer.WriteEndArray();
                WriteFilters(writer, refuseSeconds);
            },
            cancellationToken);
    }

    /// <summary>ACCEPT_INVERSE_OFFERS (or DECLINE_INVERSE_OFFERS) for the given inverse offers.</summary>
    public Task AnswerInverseOffersAsync(IReadOnlyList<string> inverseOfferIds, bool accept, double refuseSeconds, CancellationToken cancellationToken) =>
        CallAsync(
            accept ? "ACCEPT_INVERSE_OFFERS" : "DECLINE_INVERSE_OFFERS",
            writer =>
            {
                writer.WriteStartArray("inverse_offer_ids");
                foreach (var id in inverseOfferIds)
                {
                    WriteId(writer, id);
                }

                writer.WriteEndArray();
                WriteFilters(writer, refuseSeconds);
            },
            cancellationToken);

    public Task TeardownAsync(CancellationToken cancellationToken) => CallAsync("TEARDOWN", null, cancellationToken);

    /// <summary>Polls until <paramref name="done"/> holds; throws with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{what} not within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream was closed under the pending read.
        }

        _acknowledgements.Writer.TryComplete();
        await Task.WhenAll(_acknowledgers);
        _http.Dispose();
    }

    private async Task CallAsync(string type, Action<System.Text.Json.Utf8JsonWriter>? body, CancellationToken cancellationToken)
    {
        var json = JsonWriting.Build(writer =>
        {
            JsonWriting.WriteId(writer, "framework_id", Id);
            writer.WriteString("type", type);
            if (body is not null)
            {
                writer.WriteStartObject(type.ToLowerInvariant());
                body(writer);
                writer.WriteEndObject();
            }
        });
        await SendAsync(json, cancellationToken);
    }

    private async Task SendAsync(byte[] json, CancellationToken cancellationToken)
    {
        using var request = Request(json);
        request.Headers.Add(StreamIdHeader, StreamId);
        using var reply = await _http.SendAsync(request, cancellationToken);
        if (reply.StatusCode != HttpStatusCode.Accepted)
        {
            Interlocked.Increment(ref _failedCalls);
            throw new InvalidOperationException($"{Name}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private async Task ReadAsync(IAsyncEnumerator<byte[]> records)
    {
        try
        {
            while (await records.MoveNextAsync())
            {
                var at = Stopwatch.GetTimestamp();
                using var document = JsonDocument.Parse(records.Current);
                Handle(document.RootElement, at);
            }
        }
        finally
        {
            _arrivals.Writer.TryComplete();
            await records.DisposeAsync();
        }
    }

    private void Handle(JsonElement root, long at)
    {
        var type = root.GetProperty("type").GetString() ?? string.Empty;
        var items = 0;
        switch (type)
        {
            case "OFFERS":
                foreach (var json in root.GetProperty("offers").GetProperty("offers").EnumerateArray())
                {
                    var offer = new HeldOffer(
                        IdOf(json, "id"), IdOf(json, "agent_id"), json.GetProperty("hostname").GetString() ?? string.Empty,
                        json.TryGetProperty("unavailability", out _), at, json.Clone());
                    _offers[offer.Id] = offer;
                    _arrivals.Writer.TryWrite(offer);
                    items++;
                }

                break;
            case "RESCIND":
                var rescinded = IdOf(root.GetProperty("rescind"), "offer_id");
                _offers.TryRemove(rescinded, out _);
                Add(_rescinds, new RescindedOffer(rescinded, at));
                items = 1;
                break;
            case "INVERSE_OFFERS":
                var inverse = root.GetProperty("inverse_offers").GetProperty("inverse_offers").EnumerateArray()
                    .Select(json => new ReceivedInverseOffer(IdOf(json, "id"), IdOf(json, "agent_id"), at)).ToArray();
                lock (_lock)
                {
                    _inverseOffers.AddRange(inverse);
                }

                items = inverse.Length;
                break;
            case "RESCIND_INVERSE_OFFER":
                Add(_inverseRescinds, new RescindedOffer(IdOf(root.GetProperty("rescind_inverse_offer"), "inverse_offer_id"), at));
                items = 1;
                break;
            case "UPDATE":
                var status = root.GetProperty("update").GetProperty("status");
                var taskId = IdOf(status, "task_id");
                _taskStates[taskId] = status.GetProperty("state").GetString() ?? string.Empty;
                if (status.TryGetProperty("uuid", out var uuid))
                {
                    _acknowledgements.Writer.TryWrite(JsonWriting.Build(writer =>
                    {
                        JsonWriting.WriteId(writer, "framework_id", Id);
                        writer.WriteString("type", "ACKNOWLEDGE");
                        writer.WriteStartObject("acknowledge");
                        JsonWriting.WriteId(writer, "agent_id", IdOf(status, "agent_id"));
                        JsonWriting.WriteId(writer, "task_id", taskId);
                        writer.WriteString("uuid", uuid.GetString());
                        writer.WriteEndObject();
                    }));
                }

                items = 1;
                break;
            default:
                break;
        }

        Add(_events, new FrameworkEvent(type, at, items));
    }

    private async Task AcknowledgeAsync()
    {
        await foreach (var acknowledgement in _acknowledgements.Reader.ReadAllAsync())
        {
            try
            {
                await SendAsync(acknowledgement, CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
            {
                // Counted in FailedCalls (or the framework is going away); the agent would resend a real update.
            }
        }
    }

    private void Add<T>(List<T> list, T item)
    {
        lock (_lock)
        {
            list.Add(item);
        }
    }

    private List<T> Copy<T>(List<T> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }

    private static HttpRequestMessage Request(byte[] json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/scheduler") { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static string IdOf(JsonElement element, string name) => element.GetProperty(name).GetProperty("value").GetString() ?? string.Empty;

    private static void WriteId(Utf8JsonWriter writer, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, string name, double value)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("type", "SCALAR");
        writer.WriteStartObject("scalar");
        writer.WriteNumber("value", value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteFilters(Utf8JsonWriter writer, double refuseSeconds)
    {
        writer.WriteStartObject("filters");
        writer.WriteNumber("refuse_seconds", refuseSeconds);
        writer.WriteEndObject();
    }
}

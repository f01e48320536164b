using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
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
            using var request = Request(SchedulerCallJson.Subscribe(name, roles));
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
        return SendAsync(SchedulerCallJson.Accept(Id, offer, tasks, refuseSeconds), cancellationToken);
    }

    /// <summary>DECLINE the given offers, filtering their agents for <paramref name="refuseSeconds"/>.</summary>
    public Task DeclineAsync(IReadOnlyList<string> offerIds, double refuseSeconds, CancellationToken cancellationToken)
    {
        foreach (var id in offerIds)
        {
            _offers.TryRemove(id, out _);
        }

        return SendAsync(SchedulerCallJson.Decline(Id, offerIds, refuseSeconds), cancellationToken);
    }

    /// <summary>ACCEPT_INVERSE_OFFERS (or DECLINE_INVERSE_OFFERS) for the given inverse offers.</summary>
    public Task AnswerInverseOffersAsync(IReadOnlyList<string> inverseOfferIds, bool accept, double refuseSeconds, CancellationToken cancellationToken) =>
        SendAsync(SchedulerCallJson.AnswerInverseOffers(Id, inverseOfferIds, accept, refuseSeconds), cancellationToken);

    public Task TeardownAsync(CancellationToken cancellationToken) => SendAsync(SchedulerCallJson.Teardown(Id), cancellationToken);

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
                    _acknowledgements.Writer.TryWrite(SchedulerCallJson.Acknowledge(Id, IdOf(status, "agent_id"), taskId, uuid.GetString() ?? string.Empty));
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
}

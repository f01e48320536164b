using System.Collections.Concurrent;
using System.Text.Json;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A subscribed framework for the fuzz tests, read in the background: it keeps its outstanding offers (OFFERS minus
/// RESCIND) and acknowledges every update that carries a uuid, as a framework must, so drains can finish.
/// </summary>
internal sealed class FuzzFramework : IAsyncDisposable
{
    private readonly SchedulerStream _stream;
    private readonly ConcurrentDictionary<string, JsonElement> _offers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;

    private FuzzFramework(SchedulerStream stream, string frameworkId)
    {
        _stream = stream;
        FrameworkId = frameworkId;
    }

    public string FrameworkId { get; }

    public string StreamId => _stream.StreamId;

    /// <summary>True once the master ended the stream (TEARDOWN, removal) or it broke.</summary>
    public bool Ended { get; private set; }

    /// <summary>The offers held now (each the OFFERS event's offer object).</summary>
    public IReadOnlyList<JsonElement> Offers => [.. _offers.Values];

    /// <summary>A framework_info that stays known for an hour after it disconnects.</summary>
    public static string Info(string name) =>
        "{\"name\":\"" + name + "\",\"user\":\"root\",\"roles\":[\"*\"],\"capabilities\":[{\"type\":\"MULTI_ROLE\"}],\"failover_timeout\":3600}";

    public static async Task<FuzzFramework> SubscribeAsync(Uri master, string name)
    {
        var stream = await SchedulerStream.SubscribeAsync(master, Info(name));
        var subscribed = await SchedulerCalls.NextAsync(stream, "SUBSCRIBED");
        var framework = new FuzzFramework(stream, subscribed.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!);
        framework._reader = framework.ReadAsync();
        return framework;
    }

    /// <summary>Waits until the framework holds an offer, or gives up after <paramref name="within"/> (returns null).</summary>
    public async Task<JsonElement?> OfferAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !Ended)
        {
            if (_offers.Values.FirstOrDefault() is { ValueKind: JsonValueKind.Object } offer)
            {
                return offer;
            }

            await Task.Delay(20);
        }

        return null;
    }

    /// <summary>A call with this subscription's stream id (<c>""</c>), another one, or none (null).</summary>
    public Task<(int Status, string Body)> CallAsync(string json, string? streamId = "") => _stream.CallAsync(json, streamId);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _stream.DisposeAsync();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                JsonElement? next;
                try
                {
                    next = await _stream.NextAsync(TimeSpan.FromSeconds(1));
                }
                catch (TimeoutException)
                {
                    continue;
                }

                if (next is not { } e)
                {
                    break;
                }

                switch (e.GetProperty("type").GetString())
                {
                    case "OFFERS":
                        foreach (var offer in e.GetProperty("offers").GetProperty("offers").EnumerateArray())
                        {
                            _offers[offer.GetProperty("id").GetProperty("value").GetString()!] = offer.Clone();
                        }

                        break;
                    case "RESCIND":
                        _offers.TryRemove(e.GetProperty("rescind").GetProperty("offer_id").GetProperty("value").GetString()!, out _);
                        break;
                    case "UPDATE" when e.GetProperty("update").GetProperty("status").TryGetProperty("uuid", out _):
                        await _stream.CallAsync(SchedulerCalls.Acknowledge(FrameworkId, e.GetProperty("update").GetProperty("status")));
                        break;
                    case "ERROR":
                        Ended = true;
                        return;
                    default:
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
        }

        Ended = true;
    }

    /// <summary>Forgets an offer the test used (accepted or declined), so it is not used twice.</summary>
    public void Forget(string offerId) => _offers.TryRemove(offerId, out _);
}

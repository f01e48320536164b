using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drydock.Protocol.Scheduler;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>A framework's SUBSCRIBE stream against a real master: the response headers and the events, one by one.</summary>
internal sealed class SchedulerStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<byte[]> _records;
    private Task<bool>? _pending;

    private SchedulerStream(HttpClient http, HttpResponseMessage response, IAsyncEnumerator<byte[]> records)
    {
        _http = http;
        _response = response;
        _records = records;
    }

    public HttpResponseMessage Response => _response;

    public string StreamId => _response.Headers.GetValues("Mesos-Stream-Id").Single();

    public static Task<SchedulerStream> SubscribeAsync(Uri master, string frameworkInfoJson, string? frameworkId = null) =>
        OpenAsync(master, "api/v1/scheduler", Subscribe(frameworkInfoJson, frameworkId));

    /// <summary>Opens any RecordIO stream of the master (the operator API's SUBSCRIBE too) with a POSTed JSON call.</summary>
    public static async Task<SchedulerStream> OpenAsync(Uri master, string path, string callJson)
    {
        var http = new HttpClient { BaseAddress = master, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(callJson, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new SchedulerStream(http, response, RecordIo.ReadAsync(stream).GetAsyncEnumerator());
    }

    /// <summary>A SUBSCRIBE call for the given <c>framework_info</c> JSON.</summary>
    public static string Subscribe(string frameworkInfoJson, string? frameworkId = null) =>
        "{" + (frameworkId is null ? string.Empty : "\"framework_id\":{\"value\":\"" + frameworkId + "\"},")
        + "\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":" + frameworkInfoJson + "}}";

    /// <summary>A TEARDOWN call for a framework.</summary>
    public static string Teardown(string frameworkId) =>
        "{\"type\":\"TEARDOWN\",\"framework_id\":{\"value\":\"" + frameworkId + "\"}}";

    /// <summary>The next event, or null when the master ended the stream.</summary>
    public async Task<JsonElement?> NextAsync(TimeSpan? timeout = null)
    {
        // A read that timed out is still under way; the next call waits for that same read.
        var next = _pending ??= _records.MoveNextAsync().AsTask();
        var done = await Task.WhenAny(next, Task.Delay(timeout ?? TimeSpan.FromSeconds(30)));
        if (done != next)
        {
            throw new TimeoutException("No event in time");
        }

        _pending = null;
        if (!await next)
        {
            return null;
        }

        using var document = JsonDocument.Parse(_records.Current);
        return document.RootElement.Clone();
    }

    /// <summary>Sends a non-subscribe call with this stream's id (or the given headers) and returns the reply.</summary>
    public async Task<(int Status, string Body)> CallAsync(string json, string? streamId = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/scheduler") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (streamId is not null)
        {
            request.Headers.Add("Mesos-Stream-Id", streamId.Length == 0 ? StreamId : streamId);
        }

        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        if (_pending is not null)
        {
            try
            {
                await _pending;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
            {
                // The stream was closed under the pending read.
            }
        }

        await _records.DisposeAsync();
        _response.Dispose();
        _http.Dispose();
    }
}

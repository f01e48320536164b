using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Tests;

/// <summary>
/// An <see cref="HttpMessageHandler"/> standing in for a master: every request is recorded, and answered by the next
/// queued answer (a SUBSCRIBE stream the test feeds, a status with a text, a redirect).
/// </summary>
internal sealed class FakeMaster : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

    public ConcurrentQueue<(HttpMethod Method, Uri Uri, string Body, string? StreamId)> Requests { get; } = new();

    /// <summary>Answers the next request with a 200 RecordIO stream carrying this stream id; returns its body to feed.</summary>
    public FeedStream EnqueueStream(string streamId = "stream-1")
    {
        var body = new FeedStream();
        _answers.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Headers.TryAddWithoutValidation("Mesos-Stream-Id", streamId);
            return response;
        });
        return body;
    }

    public void Enqueue(HttpStatusCode status, string text = "", string? location = null) => _answers.Enqueue(_ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(text) };
        if (location is not null)
        {
            response.Headers.TryAddWithoutValidation("Location", location);
        }

        return response;
    });

    public static void Send(FeedStream stream, string json) => stream.Feed(RecordIo.Frame(Encoding.UTF8.GetBytes(json)));

    public static string SubscribedJson(string frameworkId, double interval) =>
        "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"heartbeat_interval_seconds\":"
        + interval.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request.Method, request.RequestUri!, body, request.Headers.TryGetValues("Mesos-Stream-Id", out var ids) ? ids.Single() : null));
        return _answers.TryDequeue(out var answer)
            ? answer(request)
            : throw new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
    }
}

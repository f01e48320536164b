using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>
/// A client of a Drydock (or Mesos) master's v1 scheduler API, <c>POST /api/v1/scheduler</c> in JSON.
/// <see cref="SubscribeAsync"/> opens a subscription (its events and its calls); <see cref="SchedulerSession"/> keeps
/// one alive across lost streams. Redirects to the leading master (307) are followed. Failures are
/// <see cref="MasterUnreachableException"/> (no answer), <see cref="SchedulerCallException"/> (the master refused) and
/// <see cref="SchedulerErrorException"/> (ERROR in answer to SUBSCRIBE).
/// </summary>
public sealed class SchedulerClient : IDisposable
{
    private const string StreamIdHeader = "Mesos-Stream-Id";

    private readonly HttpClient _http;

    /// <summary>A client for the master at <paramref name="master"/> (e.g. <c>http://127.0.0.1:5050</c>).</summary>
    /// <param name="master">The master's base URL.</param>
    /// <param name="options">Timeouts and limits; null for the defaults.</param>
    /// <param name="handler">The HTTP handler to send through (tests); null for one of the client's own, which follows no redirects itself.</param>
    public SchedulerClient(Uri master, SchedulerClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        Options = options ?? new SchedulerClientOptions();
        var errors = Options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Master = master;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }, disposeHandler: handler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The master's base URL as given.</summary>
    public Uri Master { get; }

    /// <summary>The options in force.</summary>
    public SchedulerClientOptions Options { get; }

    /// <summary>
    /// SUBSCRIBE: a new framework when <paramref name="framework"/> has no id, else a re-subscription of that framework.
    /// Returns once SUBSCRIBED has arrived; read the rest with <see cref="SchedulerSubscription.ReadEventsAsync"/>.
    /// </summary>
    public async Task<SchedulerSubscription> SubscribeAsync(FrameworkInfo framework, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(framework);
        using var timeout = new CancellationTokenSource(Options.SubscribeTimeout, Options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var (response, target) = await SendAsync("SUBSCRIBE", SchedulerCallJson.Subscribe(framework), null, HttpCompletionOption.ResponseHeadersRead, linked.Token, cancellationToken);
        try
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new SchedulerCallException("SUBSCRIBE", response.StatusCode, await TextAsync(response, linked.Token));
            }

            var streamId = response.Headers.TryGetValues(StreamIdHeader, out var ids) ? ids.FirstOrDefault() ?? string.Empty : string.Empty;
            var body = await response.Content.ReadAsStreamAsync(linked.Token);
            return await SchedulerSubscription.OpenAsync(this, target, response, body, streamId, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Sends a non-SUBSCRIBE call on a subscription's stream; a 202 is its result, anything else an exception.</summary>
    internal async Task<SchedulerCallResult> CallAsync(Uri target, string streamId, string type, byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Options.CallTimeout, Options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var (response, answered) = await SendAsync(type, body, streamId, HttpCompletionOption.ResponseContentRead, linked.Token, cancellationToken, target);
        using (response)
        {
            return response.StatusCode == HttpStatusCode.Accepted
                ? new SchedulerCallResult(type, response.StatusCode, answered)
                : throw new SchedulerCallException(type, response.StatusCode, await TextAsync(response, linked.Token));
        }
    }

    private async Task<(HttpResponseMessage Response, Uri Target)> SendAsync(
        string type, byte[] body, string? streamId, HttpCompletionOption completion, CancellationToken token, CancellationToken callerToken, Uri? start = null)
    {
        var target = start ?? new Uri(Master, "api/v1/scheduler");
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (streamId is not null)
            {
                request.Headers.TryAddWithoutValidation(StreamIdHeader, streamId);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, token);
            }
            catch (HttpRequestException e)
            {
                throw new MasterUnreachableException(target, e.InnerException is SocketException s ? s.Message : e.Message, e);
            }
            catch (OperationCanceledException e) when (!callerToken.IsCancellationRequested)
            {
                throw new MasterUnreachableException(target, $"no answer to {type} in time", e);
            }

            if (response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (redirects >= Options.MaxRedirects)
                {
                    throw new SchedulerCallException(type, HttpStatusCode.TemporaryRedirect, $"more than {Options.MaxRedirects} redirects, the last to {location}");
                }

                // Mesos names the leader protocol-relative (//host:port/…): it resolves against the URL just tried.
                target = new Uri(target, location);
                continue;
            }

            return (response, target);
        }
    }

    private static async Task<string> TextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken)).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return string.Empty;
        }
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Drydock.Client;

/// <summary>
/// A client of an agent's own HTTP API (Drydock's or Mesos's, on the address its pid <c>slave(1)@ip:port</c> names):
/// <c>/state</c> and <c>/files/read</c>. Failures are <see cref="AgentApiException"/> (the agent answered with an
/// error) or <see cref="AgentUnreachableException"/>.
/// </summary>
public sealed class AgentClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client for the agent at <paramref name="agent"/> (e.g. <c>http://127.0.0.2:5051</c>).</summary>
    public AgentClient(Uri agent, HttpClient? http = null)
    {
        Agent = agent;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The agent's base URL.</summary>
    public Uri Agent { get; }

    /// <summary>
    /// The agent's URL from its pid (<c>slave(1)@10.0.0.1:5051</c>); null when the pid is not of that form.
    /// </summary>
    public static Uri? UrlFromPid(string pid)
    {
        var at = pid.LastIndexOf('@');
        return at >= 0 && Uri.TryCreate("http://" + pid[(at + 1)..] + "/", UriKind.Absolute, out var url) && url.Port > 0 ? url : null;
    }

    /// <summary>GET <c>/state</c>, the agent's JSON as it is.</summary>
    public async Task<string> GetStateJsonAsync(CancellationToken cancellationToken = default) =>
        System.Text.Encoding.UTF8.GetString(await GetAsync("state", cancellationToken));

    /// <summary>
    /// GET <c>/files/read</c>: up to <paramref name="length"/> bytes of <paramref name="path"/> from
    /// <paramref name="offset"/> (the agent caps a read at 16 memory pages).
    /// </summary>
    public async Task<string> ReadAsync(string path, long offset, long length, CancellationToken cancellationToken = default)
    {
        using var reply = JsonDocument.Parse(await GetAsync(ReadQuery(path, offset, length), cancellationToken));
        return reply.RootElement.GetProperty("data").GetString() ?? string.Empty;
    }

    /// <summary>The size of <paramref name="path"/> in bytes (<c>/files/read</c> with offset -1).</summary>
    public async Task<long> SizeAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reply = JsonDocument.Parse(await GetAsync(ReadQuery(path, -1, -1), cancellationToken));
        return reply.RootElement.GetProperty("offset").GetInt64();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string ReadQuery(string path, long offset, long length) =>
        string.Create(CultureInfo.InvariantCulture, $"files/read?path={Uri.EscapeDataString(path)}&offset={offset}&length={length}");

    private async Task<byte[]> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Agent, pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AgentUnreachableException(Agent, e.InnerException is SocketException s ? s.Message : e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AgentUnreachableException(Agent, "no answer in time", e);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var message = System.Text.Encoding.UTF8.GetString(bytes).Trim();
                throw new AgentApiException(response.StatusCode, message.Length > 0 ? message : $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return bytes;
        }
    }
}

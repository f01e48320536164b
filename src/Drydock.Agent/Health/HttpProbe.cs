namespace Drydock.Agent.Health;

/// <summary>
/// An HTTP check, as Mesos's (which runs <c>curl -s -S -L -k</c>): a GET of <c>scheme://address:port/path</c>, redirects
/// followed, certificates not verified; it passes on a status from 200 to 399.
/// </summary>
internal sealed class HttpProbe(HttpClient http, Uri url) : IHealthProbe
{
    public Uri Url { get; } = url;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? null : $"Unexpected HTTP response code: {code} {response.ReasonPhrase}".TrimEnd();
        }
        catch (HttpRequestException e)
        {
            return $"Failed to GET {Url}: {e.Message}";
        }
    }
}

using System.Text;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// What a master answered, with headers exactly as they came over the wire (not normalised by
/// <see cref="System.Net.Http.Headers"/>), so wire rules such as "no charset" can be checked.
/// </summary>
internal sealed record HttpReply(int Status, byte[] BodyBytes, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string Body => Encoding.UTF8.GetString(BodyBytes);

    /// <summary>The raw Content-Type header, or null when the reply had none.</summary>
    public string? ContentType => Header("Content-Type");

    /// <summary>Every value of a header joined with ", " (as HTTP allows), or null when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>The methods named by the Allow header, trimmed.</summary>
    public IReadOnlySet<string> Allow =>
        (Header("Allow") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

    public override string ToString() => $"{Status} Content-Type={ContentType ?? "<none>"} body={Body}";

    public static async Task<HttpReply> FromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        }

        return new HttpReply((int)response.StatusCode, body, headers);
    }
}

namespace Drydock.Client.Tests.Marathon;

/// <summary>A request <see cref="FakeMarathon"/> received: the target as sent (path and query, not decoded) and the body.</summary>
internal sealed record FakeRequest(string Method, string Target, string Body, string? ContentType)
{
    /// <summary>The path of <see cref="Target"/>, without the query.</summary>
    public string Path => Target.Split('?', 2)[0];

    /// <summary>The query of <see cref="Target"/>, without the <c>?</c> (empty when there is none).</summary>
    public string Query => Target.Split('?', 2) is [_, var query] ? query : string.Empty;
}

namespace Drydock.Client.Tests.Marathon;

/// <summary>What <see cref="FakeMarathon"/> answers: a status, a body of a content type, and headers.</summary>
internal sealed record FakeReply(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public static FakeReply Json(int status, string json, string? deploymentId = null) =>
        new(status, json, "application/json", deploymentId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Marathon-Deployment-Id"] = deploymentId });

    public static FakeReply Text(int status, string text) => new(status, text, "text/plain; charset=utf-8", new Dictionary<string, string>());

    public static FakeReply Empty(int status) => new(status, string.Empty, string.Empty, new Dictionary<string, string>());
}

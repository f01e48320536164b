namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Assertions on whole replies; each failure message carries what the master actually answered.</summary>
internal static class Replies
{
    /// <summary>Wire rule 2: 200, an empty body and no Content-Type.</summary>
    public static void AssertOk(HttpReply reply)
    {
        Assert.True(
            reply.Status == 200 && reply.BodyBytes.Length == 0 && reply.ContentType is null,
            $"Expected 200 with an empty body and no Content-Type, got {reply}");
    }

    /// <summary>The exact status and the exact body text.</summary>
    public static void AssertError(HttpReply reply, int status, string message)
    {
        Assert.Equal((status, message), (reply.Status, reply.Body));
    }

    public static void AssertBadRequest(HttpReply reply, string message) => AssertError(reply, 400, message);

    /// <summary>A 200 JSON reply with exactly <c>Content-Type: application/json</c>; returns the body.</summary>
    public static string AssertJson(HttpReply reply)
    {
        Assert.True(reply.Status == 200, $"Expected 200, got {reply}");
        Assert.Equal(MasterSession.Json, reply.ContentType);
        return reply.Body;
    }
}

using System.Net.Http.Headers;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Fires generated requests at a <see cref="FuzzCluster"/> in batches and checks after each: no 5xx (but the allowed
/// ones), the cluster's invariants, and, after a batch that nothing accepted, books byte-identical to before it. A batch
/// with an accepted request may change the books; the cluster is brought back (<see cref="FuzzCluster.EnsureAsync"/>)
/// and its digest becomes the new baseline. Requests are generated one after another from the seeded generator, so
/// they do not depend on timing; every failure names the seed and the requests.
/// </summary>
internal sealed class FuzzRun(FuzzCluster cluster, HttpClient http)
{
    /// <summary>A 5xx the caller documents as allowed for this request (501 for a call that is not served, 503 while unavailable).</summary>
    public Func<FuzzRequest, HttpReply, bool> Allowed5xx { get; init; } = (_, _) => false;

    /// <summary>
    /// Whether the reply says the request may have changed the books. By default every 2xx without a body (an empty
    /// 200, a 202, an event stream) counts; reads answer with JSON.
    /// </summary>
    public Func<FuzzRequest, HttpReply, bool> MayChange { get; init; } = (_, reply) => reply.Status is >= 200 and < 300 && reply.BodyBytes.Length == 0;

    public FuzzTally Tally { get; } = new();

    public async Task RunAsync(IEnumerable<FuzzRequest> requests, int concurrency)
    {
        var baseline = await cluster.DigestAsync();
        foreach (var batch in requests.Chunk(concurrency))
        {
            var replies = await Task.WhenAll(batch.Select(SendAsync));
            var changed = false;
            foreach (var (request, reply) in batch.Zip(replies))
            {
                Tally.Count(request, reply);
                Assert.True(reply.Status is >= 200 and < 500 || (reply.Status >= 500 && Allowed5xx(request, reply)), $"seed={cluster.Seed}: {reply} for {request}");
                changed |= MayChange(request, reply);
            }

            var context = "after the batch:\n" + string.Join('\n', batch.Select(r => r.ToString()));
            await cluster.AssertInvariantsAsync(context);
            if (changed)
            {
                await cluster.EnsureAsync();
                baseline = await cluster.DigestAsync();
                continue;
            }

            var now = await cluster.DigestAsync();
            Assert.True(baseline == now, $"seed={cluster.Seed}: the books changed although no request of the batch was accepted.\nBefore:\n{baseline}\nAfter:\n{now}\n{context}");
            Tally.CheckedBatches++;
        }
    }

    /// <summary>
    /// Sends one request. An answer that streams (a SUBSCRIBE: 200 without a Content-Length) is not read: its headers
    /// are the reply, with an empty body, and the connection is closed.
    /// </summary>
    public async Task<HttpReply> SendAsync(FuzzRequest request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = new ByteArrayContent(request.Body) };
        if (request.ContentType is not null)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.OK && response.Content.Headers.ContentLength is null)
            {
                return new HttpReply(200, [], [new("Content-Type", response.Content.Headers.ContentType?.ToString() ?? string.Empty)]);
            }

            return await HttpReply.FromAsync(response, TestContext.Current.CancellationToken);
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"seed={cluster.Seed}: the connection failed ({e.Message}) for {request}\n{cluster.Master.Process.Output}");
            throw;
        }
    }
}

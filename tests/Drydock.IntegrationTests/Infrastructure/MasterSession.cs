namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="MasterProcess"/> with an <see cref="HttpClient"/> pointed at it, and the requests tests send most.
/// Paths are relative to the master's root (<c>maintenance/schedule</c>) or absolute (<c>/mesos/machine/down</c>).
/// </summary>
internal sealed class MasterSession : IAsyncDisposable
{
    public const string Json = "application/json";

    private MasterSession(MasterProcess process)
    {
        Process = process;
        Http = new HttpClient { BaseAddress = process.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public MasterProcess Process { get; }

    public HttpClient Http { get; }

    public Uri Url => Process.Url;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<MasterSession> StartAsync(string? workDir = null, params string[] extraArgs) =>
        new(await MasterProcess.StartAsync(workDir, extraArgs));

    public Task<HttpReply> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, null, headers);

    /// <summary>POSTs a UTF-8 body; <paramref name="contentType"/> null sends no Content-Type at all.</summary>
    public Task<HttpReply> PostAsync(string path, string body, string? contentType = Json, params (string Name, string Value)[] headers) =>
        PostBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(body), contentType, headers);

    public Task<HttpReply> PostBytesAsync(string path, byte[] body, string? contentType = Json, params (string Name, string Value)[] headers)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return SendAsync(HttpMethod.Post, path, content, headers);
    }

    /// <summary>A v1 operator call: <c>POST /api/v1</c> with <c>Content-Type: application/json</c>.</summary>
    public Task<HttpReply> CallAsync(string call) => PostAsync("api/v1", call);

    public async Task<HttpReply> SendAsync(HttpMethod method, string path, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(request, Token);
        return await HttpReply.FromAsync(response, Token);
    }

    public Task<HttpReply> RawAsync(byte[] request) => RawHttp.SendAsync(Url, request, Token);

    /// <summary>GET <c>/maintenance/schedule</c>, asserting a JSON 200; the body as it came.</summary>
    public Task<string> ScheduleAsync() => GetJsonAsync("maintenance/schedule");

    /// <summary>GET <c>/maintenance/status</c>, asserting a JSON 200; the body as it came.</summary>
    public Task<string> StatusAsync() => GetJsonAsync("maintenance/status");

    /// <summary>The schedule and the status, to compare the whole maintenance state before and after.</summary>
    public async Task<MaintenanceSnapshot> SnapshotAsync() => new(await ScheduleAsync(), await StatusAsync());

    /// <summary>True when the process runs and answers <c>/health</c>.</summary>
    public async Task<bool> IsAliveAsync()
    {
        if (Process.HasExited)
        {
            return false;
        }

        var health = await GetAsync("health");
        return health.Status == 200;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }

    private async Task<string> GetJsonAsync(string path)
    {
        var reply = await GetAsync(path);
        Assert.True(reply.Status == 200 && reply.ContentType == Json, $"GET {path}: {reply}");
        return reply.Body;
    }
}

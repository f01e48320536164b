using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Drydock.Client.Marathon;

/// <summary>
/// A client of a Marathon-compatible <c>/v2</c> API (<c>drydock services</c>, or Marathon itself), directly or through a
/// master's <c>/service/marathon</c>. Every method returns what the server answered, or throws
/// <see cref="MarathonApiException"/> (status, Marathon's message, its details and locking deployments) or
/// <see cref="MarathonUnreachableException"/>. App ids may be given with or without the leading slash.
/// </summary>
public sealed class MarathonClient : IDisposable
{
    private const string DeploymentIdHeader = "Marathon-Deployment-Id";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client of the API under <paramref name="baseUrl"/> (e.g. <c>http://127.0.0.1:8080</c> or <c>http://master:5050/service/marathon</c>).</summary>
    public MarathonClient(Uri baseUrl, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The base URL, ending in <c>/</c>; requests go to <c>{BaseUrl}v2/…</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary><c>GET /v2/apps</c> with the given embeds (<c>counts</c> and <c>deployments</c> are always there).</summary>
    public async Task<IReadOnlyList<MarathonApp>> ListAppsAsync(IEnumerable<string>? embed = null, CancellationToken cancellationToken = default) =>
        Read((await SendAsync(HttpMethod.Get, "v2/apps" + Embeds(embed), null, cancellationToken)).Body, MarathonJsonContext.Default.AppsReply).Apps ?? [];

    /// <summary><c>GET /v2/apps</c>, the server's JSON as it is.</summary>
    public async Task<string> ListAppsJsonAsync(IEnumerable<string>? embed = null, CancellationToken cancellationToken = default) =>
        Text(await SendAsync(HttpMethod.Get, "v2/apps" + Embeds(embed), null, cancellationToken));

    /// <summary><c>GET /v2/apps/{id}</c>: the app with its counts, tasks, deployments and last task failure.</summary>
    public async Task<MarathonApp> GetAppAsync(string appId, CancellationToken cancellationToken = default) =>
        Read((await SendAsync(HttpMethod.Get, AppPath(appId), null, cancellationToken)).Body, MarathonJsonContext.Default.AppReply).App
        ?? throw Unexpected(HttpStatusCode.OK, "no \"app\" in the reply");

    /// <summary><c>GET /v2/apps/{id}</c>, the server's JSON as it is.</summary>
    public async Task<string> GetAppJsonAsync(string appId, CancellationToken cancellationToken = default) =>
        Text(await SendAsync(HttpMethod.Get, AppPath(appId), null, cancellationToken));

    /// <summary><c>POST /v2/apps</c> with an app definition given as it is (the server validates it): 201 and the deployment that starts it.</summary>
    public async Task<AppCreated> CreateAppAsync(ReadOnlyMemory<byte> definition, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(HttpMethod.Post, "v2/apps", definition, cancellationToken);
        var app = Read(reply.Body, MarathonJsonContext.Default.MarathonApp);
        var deploymentId = reply.DeploymentId ?? (app.Deployments.Count > 0 ? app.Deployments[0].Id : null)
            ?? throw Unexpected(reply.Status, "no deployment id in the reply");
        return new AppCreated(app, new DeploymentResult { DeploymentId = deploymentId, Version = app.Version });
    }

    /// <summary>
    /// <c>PUT /v2/apps/{id}?force=&amp;partialUpdate=</c> with a definition given as it is. With <paramref name="partialUpdate"/>
    /// the fields present replace the stored ones and the others stay; without it the body is the whole app. An app
    /// that does not exist is created.
    /// </summary>
    public async Task<DeploymentResult> UpdateAppAsync(string appId, ReadOnlyMemory<byte> definition, bool force = false, bool partialUpdate = true, CancellationToken cancellationToken = default) =>
        Deployment(await SendAsync(HttpMethod.Put, AppPath(appId) + Query(("force", force), ("partialUpdate", partialUpdate)), definition, cancellationToken));

    /// <summary><c>PUT /v2/apps/{id}?force=</c> with <c>{"instances":N}</c>.</summary>
    public async Task<DeploymentResult> ScaleAppAsync(string appId, int instances, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(instances);
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"instances\":{instances}}}"));
        return Deployment(await SendAsync(HttpMethod.Put, AppPath(appId) + Query(("force", force)), body, cancellationToken));
    }

    /// <summary><c>POST /v2/apps/{id}/restart?force=</c>: every instance is replaced, following the app's upgrade strategy.</summary>
    public async Task<DeploymentResult> RestartAppAsync(string appId, bool force = false, CancellationToken cancellationToken = default) =>
        Deployment(await SendAsync(HttpMethod.Post, AppPath(appId, "restart") + Query(("force", force)), "{}"u8.ToArray(), cancellationToken));

    /// <summary>
    /// <c>DELETE /v2/apps/{id}?force=</c>: the app's instances are stopped and the app removed. Marathon's own default
    /// is to force; this sends <paramref name="force"/> as given, so a locked app is refused (409) unless it is true.
    /// </summary>
    public async Task<DeploymentResult> DeleteAppAsync(string appId, bool force = false, CancellationToken cancellationToken = default) =>
        Deployment(await SendAsync(HttpMethod.Delete, AppPath(appId) + Query(("force", force)), null, cancellationToken));

    /// <summary><c>GET /v2/apps/{id}/tasks</c>.</summary>
    public async Task<IReadOnlyList<MarathonTask>> ListAppTasksAsync(string appId, CancellationToken cancellationToken = default) =>
        Read((await SendAsync(HttpMethod.Get, AppPath(appId, "tasks"), null, cancellationToken)).Body, MarathonJsonContext.Default.TasksReply).Tasks ?? [];

    /// <summary><c>GET /v2/apps/{id}/tasks</c>, the server's JSON as it is.</summary>
    public async Task<string> ListAppTasksJsonAsync(string appId, CancellationToken cancellationToken = default) =>
        Text(await SendAsync(HttpMethod.Get, AppPath(appId, "tasks"), null, cancellationToken));

    /// <summary>
    /// <c>DELETE /v2/apps/{id}/tasks?scale=false&amp;wipe=&amp;host=</c>: kills the app's tasks (on <paramref name="host"/> only,
    /// when given), which are then relaunched; the killed tasks.
    /// </summary>
    public async Task<IReadOnlyList<MarathonTask>> KillAppTasksAsync(string appId, string? host = null, bool wipe = false, CancellationToken cancellationToken = default) =>
        Read((await SendAsync(HttpMethod.Delete, AppPath(appId, "tasks") + Query(("scale", false), ("wipe", wipe)) + Host(host), null, cancellationToken)).Body, MarathonJsonContext.Default.TasksReply).Tasks ?? [];

    /// <summary><c>DELETE /v2/apps/{id}/tasks?scale=true&amp;host=</c>: kills the tasks and lowers the app's instances by as many.</summary>
    public async Task<DeploymentResult> KillAndScaleAppTasksAsync(string appId, string? host = null, bool force = false, CancellationToken cancellationToken = default) =>
        Deployment(await SendAsync(HttpMethod.Delete, AppPath(appId, "tasks") + Query(("scale", true), ("force", force)) + Host(host), null, cancellationToken));

    /// <summary><c>DELETE /v2/apps/{id}/tasks/{taskId}?scale=false&amp;wipe=</c>: kills one task, which is then relaunched.</summary>
    public async Task<MarathonTask> KillTaskAsync(string appId, string taskId, bool wipe = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var path = AppPath(appId, "tasks") + "/" + Uri.EscapeDataString(taskId) + Query(("scale", false), ("wipe", wipe));
        return Read((await SendAsync(HttpMethod.Delete, path, null, cancellationToken)).Body, MarathonJsonContext.Default.TaskReply).Task
            ?? throw Unexpected(HttpStatusCode.OK, "no \"task\" in the reply");
    }

    /// <summary><c>GET /v2/deployments</c>: the running deployments.</summary>
    public async Task<IReadOnlyList<MarathonDeployment>> ListDeploymentsAsync(CancellationToken cancellationToken = default) =>
        Read((await SendAsync(HttpMethod.Get, "v2/deployments", null, cancellationToken)).Body, MarathonJsonContext.Default.ListMarathonDeployment);

    /// <summary><c>GET /v2/deployments</c>, the server's JSON as it is.</summary>
    public async Task<string> ListDeploymentsJsonAsync(CancellationToken cancellationToken = default) =>
        Text(await SendAsync(HttpMethod.Get, "v2/deployments", null, cancellationToken));

    /// <summary>
    /// <c>DELETE /v2/deployments/{id}</c>. Without <paramref name="force"/> the deployment is rolled back by a new
    /// deployment, whose result this returns; with it the deployment stops where it stands (202) and this returns null.
    /// </summary>
    public async Task<DeploymentResult?> CancelDeploymentAsync(string deploymentId, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        var reply = await SendAsync(HttpMethod.Delete, "v2/deployments/" + Uri.EscapeDataString(deploymentId) + (force ? Query(("force", true)) : string.Empty), null, cancellationToken);
        return force ? null : Deployment(reply);
    }

    /// <summary><c>GET /v2/queue</c>: the apps waiting to launch instances.</summary>
    public async Task<IReadOnlyList<MarathonQueueItem>> GetQueueAsync(CancellationToken cancellationToken = default) =>
        Read((await SendAsync(HttpMethod.Get, "v2/queue", null, cancellationToken)).Body, MarathonJsonContext.Default.QueueReply).Queue ?? [];

    /// <summary><c>GET /v2/info</c>.</summary>
    public async Task<MarathonInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        Read((await SendAsync(HttpMethod.Get, "v2/info", null, cancellationToken)).Body, MarathonJsonContext.Default.MarathonInfo);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary><c>v2/apps/a/b[/suffix]</c> for <c>/a/b</c>: each segment escaped, empty segments dropped.</summary>
    internal static string AppPath(string appId, string? suffix = null)
    {
        ArgumentNullException.ThrowIfNull(appId);
        var segments = appId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            throw new ArgumentException("An app id needs at least one path element", nameof(appId));
        }

        return "v2/apps/" + string.Join('/', segments.Select(Uri.EscapeDataString)) + (suffix is null ? string.Empty : "/" + suffix);
    }

    private static string Query(params (string Name, bool Value)[] flags) =>
        "?" + string.Join('&', flags.Select(f => f.Name + "=" + (f.Value ? "true" : "false")));

    private static string Host(string? host) => host is null ? string.Empty : "&host=" + Uri.EscapeDataString(host);

    private static string Embeds(IEnumerable<string>? embed)
    {
        var values = embed?.ToList() ?? [];
        return values.Count == 0 ? string.Empty : "?" + string.Join('&', values.Select(e => "embed=" + Uri.EscapeDataString(e)));
    }

    private static string Text(Reply reply) => Encoding.UTF8.GetString(reply.Body);

    private DeploymentResult Deployment(Reply reply)
    {
        var result = Read(reply.Body, MarathonJsonContext.Default.DeploymentResult);
        if (result.DeploymentId.Length == 0 && reply.DeploymentId is { } header)
        {
            result = result with { DeploymentId = header };
        }

        return result.DeploymentId.Length > 0 ? result : throw Unexpected(reply.Status, "no deployment id in the reply");
    }

    private T Read<T>(byte[] body, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw Unexpected(HttpStatusCode.OK, "the reply is null");
        }
        catch (JsonException e)
        {
            throw Unexpected(HttpStatusCode.OK, e.Message);
        }
    }

    private MarathonApiException Unexpected(HttpStatusCode status, string what) =>
        new(status, $"the reply from {BaseUrl} is not what a Marathon /v2 API answers: {what}", isMarathonError: false);

    private async Task<Reply> SendAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new MarathonUnreachableException(BaseUrl, e.InnerException is SocketException s ? s.Message : e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MarathonUnreachableException(BaseUrl, "no answer in time", e);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw MarathonErrors.Read(response.StatusCode, response.ReasonPhrase, bytes);
            }

            var deploymentId = response.Headers.TryGetValues(DeploymentIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            return new Reply(response.StatusCode, bytes, deploymentId);
        }
    }

    private sealed record Reply(HttpStatusCode Status, byte[] Body, string? DeploymentId);
}

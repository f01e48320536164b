using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Serves fixed files over HTTP on 127.0.0.1 (what a task's URIs point at); anything else is a 404.</summary>
internal sealed class ArtifactServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly int _port = PortAllocator.Next();

    public ArtifactServer()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    public void Serve(string path, byte[] body)
    {
        lock (_files)
        {
            _files[path] = body;
        }
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            byte[]? body;
            lock (_files)
            {
                _files.TryGetValue(context.Request.Url!.AbsolutePath, out body);
            }

            context.Response.StatusCode = body is null ? 404 : 200;
            body ??= "not found"u8.ToArray();
            context.Response.ContentLength64 = body.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The agent went away mid-download.
            }
        }
    }
}

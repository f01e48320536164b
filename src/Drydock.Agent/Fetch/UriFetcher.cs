using System.Net;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Fetch;

/// <summary>
/// Fetches a task's <c>command.uris</c> into its sandbox before the task starts, with Mesos's fetcher's semantics:
/// <c>http://</c> and <c>https://</c> are downloaded (a 200 is required; a transfer that stalls for
/// <see cref="StallTimeout"/> fails, as Mesos's <c>--fetcher_stall_timeout</c>), <c>file://</c> URIs and absolute paths
/// are copied. The file is named by <c>output_file</c> or the URI's last path segment; <c>executable</c> makes it
/// executable (and it is not extracted); otherwise <c>extract</c> unpacks an archive (<see cref="ArchiveExtractor"/>).
/// <c>cache</c> is accepted and ignored: every fetch downloads again. The first URI that fails ends the fetch.
/// </summary>
internal sealed partial class UriFetcher(HttpClient http, TimeProvider time, ILogger<UriFetcher> logger)
{
    /// <summary>Mesos's default <c>--fetcher_stall_timeout</c>.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(60);

    private const UnixFileMode ExecutableMode = (UnixFileMode)0x1ED; // 0755, as Mesos's fetcher sets it

    /// <summary>How long a download may go without receiving anything (its response headers included).</summary>
    public TimeSpan StallTimeout { get; init; } = DefaultStallTimeout;

    /// <summary>
    /// Fetches every URI in order. Returns null when all were fetched, or what failed: <c>Failed to fetch '&lt;uri&gt;':
    /// &lt;why&gt;</c>. Cancelling (the task was killed) stops the download at once and throws.
    /// </summary>
    public async Task<string?> FetchAllAsync(IReadOnlyList<CommandUri> uris, string sandbox, CancellationToken cancellationToken)
    {
        foreach (var uri in uris)
        {
            try
            {
                var path = await FetchAsync(uri, sandbox, cancellationToken);
                LogFetched(uri.Value, path);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is FetchFailedException or HttpRequestException or IOException
                or UnauthorizedAccessException or InvalidDataException or OperationCanceledException or UriFormatException)
            {
                var why = e is OperationCanceledException ? $"the download stalled for {StallTimeout.TotalSeconds:0.###} seconds" : e.Message;
                LogFetchFailed(uri.Value, why);
                return $"Failed to fetch '{uri.Value}': {why}";
            }
        }

        return null;
    }

    private async Task<string> FetchAsync(CommandUri uri, string sandbox, CancellationToken cancellationToken)
    {
        var value = uri.Value.Trim();
        var (kind, location) = Classify(value);
        var name = uri.OutputFile is { Length: > 0 } output ? output : Path.GetFileName(location.TrimEnd('/'));
        if (name.Length == 0 || name is "." or "..")
        {
            throw new FetchFailedException("cannot tell a file name from the URI; give it an output_file");
        }

        var path = SandboxPath.Place(sandbox, name, "Output file");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }

        if (kind == "http")
        {
            await DownloadAsync(value, path, cancellationToken);
        }
        else
        {
            Copy(location, path);
        }

        if (uri.Executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, ExecutableMode);
        }
        else if (!uri.Executable && uri.Extract && ArchiveExtractor.IsArchive(path))
        {
            await ArchiveExtractor.ExtractAsync(path, sandbox, cancellationToken);
        }

        return path;
    }

    /// <summary>"http" with the URI, or "local" with the path to copy.</summary>
    private static (string Kind, string Location) Classify(string value)
    {
        if (value.StartsWith('/'))
        {
            return ("local", value);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed))
        {
            throw new FetchFailedException("not an absolute URI nor an absolute path");
        }

        return parsed.Scheme switch
        {
            "http" or "https" => ("http", Uri.UnescapeDataString(parsed.AbsolutePath)),
            "file" => ("local", parsed.LocalPath),
            _ => throw new FetchFailedException($"the URI scheme '{parsed.Scheme}' is not supported (http, https, file, or an absolute path)"),
        };
    }

    private static void Copy(string source, string path)
    {
        if (Directory.Exists(source))
        {
            throw new FetchFailedException($"'{source}' is a directory");
        }

        if (!File.Exists(source))
        {
            throw new FetchFailedException($"'{source}' does not exist");
        }

        File.Copy(source, path, overwrite: true);
    }

    /// <summary>An HTTP client for fetching: no overall timeout (the stall timeout applies), redirects followed.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler { AllowAutoRedirect = true, ConnectTimeout = DefaultStallTimeout })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private async Task DownloadAsync(string uri, string path, CancellationToken cancellationToken)
    {
        using var watch = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watch.Token);
        watch.CancelAfter(StallTimeout);
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, both.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new FetchFailedException($"Error downloading resource, received HTTP return code {(int)response.StatusCode}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(both.Token);
        await using var file = File.Create(path);
        var buffer = new byte[81920];
        while (true)
        {
            watch.CancelAfter(StallTimeout);
            var read = await body.ReadAsync(buffer, both.Token);
            if (read == 0)
            {
                break;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched '{Uri}' to {Path}")]
    private partial void LogFetched(string uri, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch '{Uri}': {Reason}")]
    private partial void LogFetchFailed(string uri, string reason);
}

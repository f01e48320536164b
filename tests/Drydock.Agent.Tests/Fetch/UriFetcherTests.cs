using System.Diagnostics;
using System.Text;
using Drydock.Agent.Fetch;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Agent.Tests.Fetch;

/// <summary>The fetcher against a loopback HTTP server, local files and archives, hostile ones included.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UriFetcherTests : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-fetch-");
    private readonly LoopbackFileServer _server = new();
    private readonly HttpClient _http = UriFetcher.CreateClient();

    private string Sandbox => Directory.CreateDirectory(Path.Combine(_dir.FullName, "sandbox")).FullName;

    private string Outside => Path.Combine(_dir.FullName, "outside");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private Task<string?> FetchAsync(params CommandUri[] uris) => FetchAsync(TimeSpan.FromSeconds(30), uris);

    private Task<string?> FetchAsync(TimeSpan stall, params CommandUri[] uris) =>
        new UriFetcher(_http, TimeProvider.System, NullLogger<UriFetcher>.Instance) { StallTimeout = stall }.FetchAllAsync(uris, Sandbox, TestContext.Current.CancellationToken);

    private static CommandUri Uri(Uri uri, bool extract = true, bool executable = false, string? output = null) =>
        new() { Value = uri.ToString(), Extract = extract, Executable = executable, OutputFile = output };

    private string Read(string name) => File.ReadAllText(Path.Combine(Sandbox, name));

    [Fact]
    public async Task FetchAllAsync_HttpTarGz_KeptAndExtractedWithModes()
    {
        _server.Serve("/app.tar.gz", Archives.Gzip(Archives.Tar(Archives.Directory("bin/"), Archives.File("bin/run.sh", "echo hi", (UnixFileMode)0x1ED))));

        var failure = await FetchAsync(Uri(_server.Url("/app.tar.gz")));

        Assert.Null(failure);
        Assert.True(File.Exists(Path.Combine(Sandbox, "app.tar.gz")));
        Assert.Equal("echo hi", Read("bin/run.sh"));
        Assert.True(File.GetUnixFileMode(Path.Combine(Sandbox, "bin/run.sh")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task FetchAllAsync_ExtractFalse_ArchiveLeftPacked()
    {
        _server.Serve("/app.tar", Archives.Tar(Archives.File("inside.txt", "x")));

        Assert.Null(await FetchAsync(Uri(_server.Url("/app.tar"), extract: false)));

        Assert.True(File.Exists(Path.Combine(Sandbox, "app.tar")));
        Assert.False(File.Exists(Path.Combine(Sandbox, "inside.txt")));
    }

    [Fact]
    public async Task FetchAllAsync_ExecutableWithOutputFile_MadeExecutableNotExtracted()
    {
        _server.Serve("/tool.zip", Archives.Zip(("a.txt", "a")));

        Assert.Null(await FetchAsync(Uri(_server.Url("/tool.zip"), executable: true, output: "bin/tool")));

        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(Sandbox, "bin/tool")));
        Assert.False(File.Exists(Path.Combine(Sandbox, "a.txt")));
    }

    [Fact]
    public async Task FetchAllAsync_ZipAndGz_Extracted()
    {
        _server.Serve("/files.zip", Archives.Zip(("conf/app.conf", "port=1"), ("readme", "r")));
        _server.Serve("/data.json.gz", Archives.Gzip(Encoding.UTF8.GetBytes("{\"a\":1}")));

        Assert.Null(await FetchAsync(Uri(_server.Url("/files.zip")), Uri(_server.Url("/data.json.gz"))));

        Assert.Equal(("port=1", "r", "{\"a\":1}"), (Read("conf/app.conf"), Read("readme"), Read("data.json")));
    }

    [Fact]
    public async Task FetchAllAsync_TarXz_ExtractedThroughSystemXz()
    {
        var tar = Path.Combine(_dir.FullName, "a.tar");
        await File.WriteAllBytesAsync(tar, Archives.Tar(Archives.File("x.txt", "xz!")), TestContext.Current.CancellationToken);
        using (var xz = Process.Start(new ProcessStartInfo("xz", ["-z", "-k", tar]))!)
        {
            await xz.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, xz.ExitCode);
        }

        Assert.Null(await FetchAsync(new CommandUri { Value = tar + ".xz" }));

        Assert.Equal("xz!", Read("x.txt"));
    }

    [Fact]
    public async Task FetchAllAsync_FileUriAndAbsolutePath_Copied()
    {
        var source = Path.Combine(_dir.FullName, "config.yml");
        await File.WriteAllTextAsync(source, "k: v", TestContext.Current.CancellationToken);

        Assert.Null(await FetchAsync(new CommandUri { Value = new Uri(source).ToString() }, new CommandUri { Value = source, OutputFile = "copy.yml" }));

        Assert.Equal(("k: v", "k: v"), (Read("config.yml"), Read("copy.yml")));
    }

    [Fact]
    public async Task FetchAllAsync_HttpNotFound_FailsNamingUriAndCode()
    {
        var uri = _server.Url("/missing.tar.gz");

        var failure = await FetchAsync(Uri(uri));

        Assert.Equal($"Failed to fetch '{uri}': Error downloading resource, received HTTP return code 404", failure);
    }

    [Theory]
    [InlineData("/no/such/file", "Failed to fetch '/no/such/file': '/no/such/file' does not exist")]
    [InlineData("ftp://host/file", "Failed to fetch 'ftp://host/file': the URI scheme 'ftp' is not supported (http, https, file, or an absolute path)")]
    [InlineData("relative/file", "Failed to fetch 'relative/file': not an absolute URI nor an absolute path")]
    public async Task FetchAllAsync_UnfetchableUri_FailsWithReason(string value, string expected)
    {
        Assert.Equal(expected, await FetchAsync(new CommandUri { Value = value }));
    }

    [Fact]
    public async Task FetchAllAsync_FirstFails_LaterNotFetched()
    {
        _server.Serve("/b.txt", Encoding.UTF8.GetBytes("b"));

        Assert.NotNull(await FetchAsync(Uri(_server.Url("/a.txt")), Uri(_server.Url("/b.txt"))));

        Assert.False(File.Exists(Path.Combine(Sandbox, "b.txt")));
    }

    [Fact]
    public async Task FetchAllAsync_StalledDownload_FailsAfterStallTimeout()
    {
        _server.Stall("/slow.bin");

        var failure = await FetchAsync(TimeSpan.FromMilliseconds(300), Uri(_server.Url("/slow.bin")));

        Assert.Equal($"Failed to fetch '{_server.Url("/slow.bin")}': the download stalled for 0.3 seconds", failure);
    }

    [Fact]
    public async Task FetchAllAsync_Cancelled_StopsAndThrows()
    {
        _server.Stall("/slow.bin");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var fetcher = new UriFetcher(_http, TimeProvider.System, NullLogger<UriFetcher>.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetcher.FetchAllAsync([Uri(_server.Url("/slow.bin"))], Sandbox, cancel.Token));
    }

    [Theory]
    [InlineData("../escape.txt", "Archive entry '../escape.txt' would be written outside the sandbox")]
    [InlineData("a/../../escape.txt", "Archive entry 'a/../../escape.txt' would be written outside the sandbox")]
    [InlineData("/tmp/escape.txt", "Archive entry '/tmp/escape.txt' is an absolute path; it must stay inside the sandbox")]
    public async Task FetchAllAsync_TarEntryLeavingSandbox_Refused(string entry, string reason)
    {
        _server.Serve("/evil.tar", Archives.Tar(Archives.File(entry, "pwned")));

        var failure = await FetchAsync(Uri(_server.Url("/evil.tar")));

        Assert.Equal($"Failed to fetch '{_server.Url("/evil.tar")}': {reason}", failure);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "escape.txt")));
    }

    [Fact]
    public async Task FetchAllAsync_LinkOutOfSandbox_Refused()
    {
        Directory.CreateDirectory(Outside);
        _server.Serve("/evil.tar", Archives.Tar(Archives.Link("out", "../outside"), Archives.File("out/pwned.txt", "pwned")));

        var failure = await FetchAsync(Uri(_server.Url("/evil.tar")));

        Assert.Equal($"Failed to fetch '{_server.Url("/evil.tar")}': Archive entry 'out' is a link to '../outside', outside the sandbox", failure);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
    }

    [Fact]
    public async Task FetchAllAsync_LinkThatClimbsThroughAnotherLink_Refused()
    {
        // x/y leads back to the sandbox itself, so "x/y/z -> ../.." would lead above it, though it reads as inside.
        Directory.CreateDirectory(Outside);
        _server.Serve("/evil.tar", Archives.Tar(Archives.Directory("x/"), Archives.Link("x/y", ".."), Archives.Link("x/y/z", "../.."), Archives.File("x/y/z/outside/pwned.txt", "pwned")));

        var failure = await FetchAsync(Uri(_server.Url("/evil.tar")));

        Assert.Equal($"Failed to fetch '{_server.Url("/evil.tar")}': Archive entry 'x/y/z' is a link to '../..', outside the sandbox", failure);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
    }

    [Fact]
    public async Task FetchAllAsync_LinkInsideSandbox_Kept()
    {
        _server.Serve("/app.tar", Archives.Tar(Archives.File("lib/libx.so.1", "elf"), Archives.Link("lib/libx.so", "libx.so.1"), Archives.Link("current", "lib")));

        Assert.Null(await FetchAsync(Uri(_server.Url("/app.tar"))));

        Assert.Equal("elf", Read("current/libx.so"));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("sub/..")]
    public async Task FetchAllAsync_OutputFileLeavingSandbox_Refused(string output)
    {
        _server.Serve("/f.txt", Encoding.UTF8.GetBytes("f"));

        var failure = await FetchAsync(Uri(_server.Url("/f.txt"), output: output));

        Assert.StartsWith($"Failed to fetch '{_server.Url("/f.txt")}': Output file '{output}'", failure, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "escape.txt")));
    }
}

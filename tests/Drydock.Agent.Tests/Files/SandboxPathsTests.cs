using Drydock.Agent.Files;

namespace Drydock.Agent.Tests.Files;

public sealed class SandboxPathsTests : IDisposable
{
    private const string Runs = "slaves/A1/frameworks/F1/executors/E1/runs";
    private readonly DirectoryInfo _workDir = Directory.CreateTempSubdirectory("drydock-sandbox-paths-");
    private readonly string _run;
    private readonly SandboxPaths _paths;

    public SandboxPathsTests()
    {
        _run = Path.Combine(_workDir.FullName, Runs, "C1");
        Directory.CreateDirectory(Path.Combine(_run, "sub"));
        File.WriteAllText(Path.Combine(_run, "stdout"), "out");
        File.WriteAllText(Path.Combine(_run, "sub", "inner"), "inner");
        File.CreateSymbolicLink(Path.Combine(_workDir.FullName, Runs, "latest"), _run);
        Directory.CreateDirectory(Path.Combine(_workDir.FullName, "meta"));
        File.WriteAllText(Path.Combine(_workDir.FullName, "meta", "secret"), "secret");
        _paths = new SandboxPaths(_workDir.FullName);
    }

    public void Dispose() => _workDir.Delete(recursive: true);

    [Theory]
    [InlineData("/" + Runs + "/latest/stdout", "stdout")]
    [InlineData("/" + Runs + "/latest/", "")]
    [InlineData("/" + Runs + "/C1/sub/inner", "sub/inner")]
    [InlineData("/" + Runs + "//latest//sub/", "sub")]
    public void Resolve_VirtualPath_MapsIntoTheRun(string requested, string inside)
    {
        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.Combine(_run, inside)), _paths.Resolve(requested));
    }

    [Fact]
    public void Resolve_RealSandboxPath_MapsToItself()
    {
        Assert.Equal(Path.Combine(_run, "stdout"), _paths.Resolve(Path.Combine(_run, "stdout")));
    }

    [Theory]
    [InlineData("/" + Runs + "/latest/../C1/stdout")]
    [InlineData("/" + Runs + "/latest/./stdout")]
    [InlineData("/" + Runs + "/latest/missing")]
    [InlineData("/" + Runs)]
    [InlineData("/slaves/A1")]
    [InlineData("/meta/secret")]
    [InlineData("/etc/passwd")]
    [InlineData("slaves/A1/frameworks/F1/executors/E1/runs/latest/stdout")]
    [InlineData("")]
    [InlineData("/" + Runs + "/C2/stdout")]
    [InlineData("/other/A1/frameworks/F1/executors/E1/runs/latest/stdout")]
    public void Resolve_PathOutsideARun_IsNothing(string requested)
    {
        Assert.Null(_paths.Resolve(requested));
    }

    [Fact]
    public void Resolve_LinkOutOfTheSandbox_IsNothing()
    {
        File.CreateSymbolicLink(Path.Combine(_run, "leak"), Path.Combine(_workDir.FullName, "meta", "secret"));
        File.CreateSymbolicLink(Path.Combine(_run, "up"), "..");

        Assert.Null(_paths.Resolve("/" + Runs + "/latest/leak"));
        Assert.Null(_paths.Resolve("/" + Runs + "/latest/up"));
        Assert.Null(_paths.Resolve(Path.Combine(_workDir.FullName, "meta", "secret")));
    }

    [Fact]
    public void Resolve_LinkWithinTheSandbox_IsFollowed()
    {
        File.CreateSymbolicLink(Path.Combine(_run, "alias"), "sub/inner");

        Assert.Equal(Path.Combine(_run, "sub", "inner"), _paths.Resolve("/" + Runs + "/latest/alias"));
    }

    [Fact]
    public void Resolve_LatestLinkedToAnotherExecutor_IsNothing()
    {
        var other = Path.Combine(_workDir.FullName, "slaves/A1/frameworks/F1/executors/E2/runs");
        Directory.CreateDirectory(other);
        File.CreateSymbolicLink(Path.Combine(other, "latest"), _run);

        Assert.Null(_paths.Resolve("/slaves/A1/frameworks/F1/executors/E2/runs/latest/stdout"));
    }

    [Fact]
    public void Resolve_ExecutorLinkedOutOfTheWorkDir_IsNothing()
    {
        var outside = Directory.CreateTempSubdirectory("drydock-outside-");
        try
        {
            Directory.CreateDirectory(Path.Combine(outside.FullName, "runs", "C9"));
            File.WriteAllText(Path.Combine(outside.FullName, "runs", "C9", "stdout"), "x");
            Directory.CreateSymbolicLink(Path.Combine(_workDir.FullName, "slaves/A1/frameworks/F1/executors/E3"), outside.FullName);

            Assert.Null(_paths.Resolve("/slaves/A1/frameworks/F1/executors/E3/runs/C9/stdout"));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public void Resolve_LatestWithoutALink_IsTheNewestRun()
    {
        var runs = Path.Combine(_workDir.FullName, "slaves/A1/frameworks/F1/executors/E4/runs");
        Directory.CreateDirectory(Path.Combine(runs, "old"));
        Directory.CreateDirectory(Path.Combine(runs, "new"));
        Directory.SetLastWriteTimeUtc(Path.Combine(runs, "old"), DateTime.UtcNow.AddHours(-1));

        Assert.Equal(Path.Combine(runs, "new"), _paths.Resolve("/slaves/A1/frameworks/F1/executors/E4/runs/latest"));
    }
}

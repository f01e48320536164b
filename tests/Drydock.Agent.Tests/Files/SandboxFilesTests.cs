using System.Text;
using Drydock.Agent.Files;

namespace Drydock.Agent.Tests.Files;

public sealed class SandboxFilesTests : IDisposable
{
    private const string Sandbox = "/slaves/A1/frameworks/F1/executors/E1/runs/C1";
    private readonly DirectoryInfo _workDir = Directory.CreateTempSubdirectory("drydock-sandbox-files-");
    private readonly SandboxFiles _files;

    public SandboxFilesTests()
    {
        var run = Path.Combine(_workDir.FullName, Sandbox.TrimStart('/'));
        Directory.CreateDirectory(Path.Combine(run, "sub"));
        File.WriteAllText(Path.Combine(run, "stdout"), "0123456789");
        File.WriteAllBytes(Path.Combine(run, "big"), new byte[SandboxFiles.MaxReadLength + 10]);
        _files = new SandboxFiles(new SandboxPaths(_workDir.FullName));
    }

    public void Dispose() => _workDir.Delete(recursive: true);

    [Theory]
    [InlineData(0, null, "0123456789")]
    [InlineData(3, 4L, "3456")]
    [InlineData(8, 100L, "89")]
    [InlineData(10, null, "")]
    [InlineData(50, 5L, "")]
    [InlineData(2, 0L, "")]
    public void Read_OffsetAndLength_ReturnsThatSliceAndTheSize(long offset, long? length, string expected)
    {
        var read = _files.Read(Sandbox + "/stdout", offset, length);

        Assert.Null(read.Failure);
        Assert.Equal((10L, expected), (read.Value!.Size, Encoding.UTF8.GetString(read.Value.Data)));
    }

    [Fact]
    public void Read_LargeFile_IsCappedAtSixteenPages()
    {
        var read = _files.Read(Sandbox + "/big", 0, null);

        Assert.Equal(SandboxFiles.MaxReadLength, read.Value!.Data.Length);
    }

    [Fact]
    public void Read_Directory_IsInvalid()
    {
        Assert.Equal(new FileFailure(FileFailureKind.Invalid, "Cannot read a directory.\n"), _files.Read(Sandbox + "/sub", 0, null).Failure);
    }

    [Fact]
    public void Browse_Sandbox_ListsEntriesSortedWithTheRequestedPath()
    {
        var listing = _files.Browse(Sandbox + "/");

        Assert.Equal([Sandbox + "/big", Sandbox + "/stdout", Sandbox + "/sub"], listing.Value!.Select(e => e.Path));
        Assert.Equal("-rw", listing.Value![1].Stat.ModeText()[..3]);
        Assert.Equal(10, listing.Value[1].Stat.Size);
        Assert.True(listing.Value[2].Stat.IsDirectory);
        Assert.Equal('d', listing.Value[2].Stat.ModeText()[0]);
    }

    [Fact]
    public void Browse_Outside_IsNotFound()
    {
        Assert.Equal(FileFailureKind.NotFound, _files.Browse("/slaves/A1").Failure!.Kind);
    }
}

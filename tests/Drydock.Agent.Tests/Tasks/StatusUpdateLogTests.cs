using System.Text;
using Drydock.Agent.Tasks;

namespace Drydock.Agent.Tests.Tasks;

public sealed class StatusUpdateLogTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-updates-");

    private string LogPath => Path.Combine(_dir.FullName, "task.updates");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Read_UpdatesAndAcks_ListsUnacknowledgedInOrder()
    {
        StatusUpdateLog.AppendUpdate(LogPath, "u1", "TASK_RUNNING", terminal: false, """{"state":"TASK_RUNNING"}"""u8.ToArray());
        StatusUpdateLog.AppendAck(LogPath, "u1");
        StatusUpdateLog.AppendUpdate(LogPath, "u2", "TASK_FINISHED", terminal: true, """{"state":"TASK_FINISHED"}"""u8.ToArray());

        var history = StatusUpdateLog.Read(LogPath);

        Assert.Equal(["u1", "u2"], history.Updates.Select(u => u.Uuid));
        var pending = Assert.Single(history.Unacknowledged);
        Assert.Equal(("u2", true, """{"state":"TASK_FINISHED"}"""), (pending.Uuid, pending.Terminal, Encoding.UTF8.GetString(pending.StatusJson)));
        Assert.Equal("TASK_FINISHED", history.LatestState);
        Assert.True(history.EndRecorded);
    }

    [Fact]
    public void Read_NoFile_IsEmpty()
    {
        var history = StatusUpdateLog.Read(LogPath);

        Assert.Empty(history.Updates);
        Assert.Null(history.LatestState);
        Assert.False(history.EndRecorded);
    }

    [Fact]
    public void Read_TornLastRecord_IsDroppedAndLaterRecordsStartOnTheirOwnLine()
    {
        StatusUpdateLog.AppendUpdate(LogPath, "u1", "TASK_RUNNING", terminal: false, """{"state":"TASK_RUNNING"}"""u8.ToArray());
        File.AppendAllText(LogPath, """{"uuid":"u2","state":"TASK_FIN""");

        var first = StatusUpdateLog.Read(LogPath);
        StatusUpdateLog.AppendAck(LogPath, "u1");
        var second = StatusUpdateLog.Read(LogPath);

        Assert.Equal(["u1"], first.Updates.Select(u => u.Uuid));
        Assert.Empty(second.Unacknowledged);
        Assert.Equal(2, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public void Read_DamagedMiddleRecord_KeepsTheRecordsAfterIt()
    {
        StatusUpdateLog.AppendUpdate(LogPath, "u1", "TASK_RUNNING", terminal: false, """{"state":"TASK_RUNNING"}"""u8.ToArray());
        File.AppendAllText(LogPath, "{not json\n");
        StatusUpdateLog.AppendUpdate(LogPath, "u2", "TASK_FINISHED", terminal: true, """{"state":"TASK_FINISHED"}"""u8.ToArray());

        var history = StatusUpdateLog.Read(LogPath);

        Assert.Equal(["u1", "u2"], history.Updates.Select(u => u.Uuid));
        Assert.True(history.EndRecorded);
    }
}

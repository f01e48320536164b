using System.Buffers.Binary;
using Drydock.Agent.Checkpoint;

namespace Drydock.Agent.Files;

/// <summary>What <c>stat(2)</c> says of one file, as <c>/files/browse</c> and LIST_FILES show it.</summary>
internal sealed record FileStat(long Size, uint Links, uint Uid, uint Gid, uint Mode, long MtimeNanoseconds)
{
    private const uint TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    /// <summary>Stats <paramref name="path"/>, following symbolic links; null when it cannot be stat-ed.</summary>
    public static FileStat? Of(string path)
    {
        // struct statx is laid out the same on every architecture, unlike struct stat.
        var buffer = new byte[NativeMethods.StatxSize];
        if (NativeMethods.Statx(NativeMethods.AtCurrentDirectory, path, 0, NativeMethods.StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        var span = buffer.AsSpan();
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(span[112..]);
        var mtimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(span[120..]);
        return new FileStat(
            Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]),
            Links: BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            MtimeNanoseconds: (mtimeSeconds * 1_000_000_000) + mtimeNanos);
    }

    /// <summary>The mode as <c>ls -l</c> writes it (<c>drwxr-xr-x</c>), as Mesos's file listings do.</summary>
    public string ModeText()
    {
        var type = (Mode & TypeMask) switch
        {
            0x4000 => 'd',
            0x2000 => 'c',
            0x6000 => 'b',
            0x1000 => 'p',
            0xA000 => 'l',
            0xC000 => 's',
            _ => '-',
        };
        Span<char> text = stackalloc char[10];
        text[0] = type;
        const string Letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++)
        {
            text[i + 1] = (Mode & (1u << (8 - i))) != 0 ? Letters[i] : '-';
        }

        return new string(text);
    }
}

using System.Globalization;
using System.Text;

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// Mesos RecordIO framing: <c>&lt;decimal byte length&gt;\n&lt;payload&gt;</c>. A record is built whole so that it can be
/// written in one write: some clients expect one whole record per read.
/// </summary>
public static class RecordIo
{
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var prefix = Encoding.ASCII.GetBytes(payload.Length.ToString(CultureInfo.InvariantCulture) + "\n");
        var record = new byte[prefix.Length + payload.Length];
        prefix.CopyTo(record, 0);
        payload.CopyTo(record.AsSpan(prefix.Length));
        return record;
    }

    /// <summary>Reads the records of a stream, for clients and tests.</summary>
    public static async IAsyncEnumerable<byte[]> ReadAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var length = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            length.Clear();
            while (true)
            {
                if (await stream.ReadAsync(one, cancellationToken) == 0)
                {
                    yield break;
                }

                if (one[0] == (byte)'\n')
                {
                    break;
                }

                length.Append((char)one[0]);
            }

            var payload = new byte[int.Parse(length.ToString(), CultureInfo.InvariantCulture)];
            var read = 0;
            while (read < payload.Length)
            {
                var n = await stream.ReadAsync(payload.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    yield break;
                }

                read += n;
            }

            yield return payload;
        }
    }
}

using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Sends hand-written HTTP/1.1 bytes over a socket, for what <see cref="HttpClient"/> will not send as such: a
/// header given twice on two lines, a chunked body split mid-token, a request without Content-Type.
/// </summary>
internal static class RawHttp
{
    /// <summary>Builds a request with <c>Connection: close</c>; <paramref name="headers"/> are whole lines.</summary>
    public static byte[] Request(string method, string target, IEnumerable<string> headers, byte[]? body = null)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body ?? []];
    }

    /// <summary>A chunked body: each piece becomes one chunk, then the last (empty) chunk.</summary>
    public static byte[] Chunked(params string[] pieces)
    {
        var bytes = new List<byte>();
        foreach (var piece in pieces)
        {
            var data = Encoding.UTF8.GetBytes(piece);
            bytes.AddRange(Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            bytes.AddRange(data);
            bytes.AddRange("\r\n"u8.ToArray());
        }

        bytes.AddRange("0\r\n\r\n"u8.ToArray());
        return [.. bytes];
    }

    /// <summary>Sends <paramref name="request"/> and reads the reply until the server closes the connection.</summary>
    public static async Task<HttpReply> SendAsync(Uri master, byte[] request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(master.Host, master.Port, cancellationToken);
        var stream = client.GetStream();

        // No half-close after writing: Kestrel takes a client FIN as the end of the connection.
        await stream.WriteAsync(request, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);
        return Parse(received.ToArray());
    }

    /// <summary>
    /// Sends a request whose body the server may refuse before reading it: the body is written in the background
    /// (a broken pipe there is expected), and the reply is read as far as it arrives before the server closes.
    /// </summary>
    public static async Task<HttpReply> SendRefusedBodyAsync(Uri master, byte[] head, byte[] body, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(master.Host, master.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(head, cancellationToken);
        var writer = Task.Run(
            async () =>
            {
                try
                {
                    await stream.WriteAsync(body, cancellationToken);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The server answered and closed the connection without reading the rest: that is allowed.
                }
            },
            cancellationToken);

        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the reply arrived.
        }

        client.Close();
        await writer;
        return Parse(received.ToArray());
    }

    private static HttpReply Parse(byte[] response)
    {
        var end = response.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidOperationException("Incomplete HTTP response: " + Encoding.UTF8.GetString(response));
        }

        var lines = Encoding.ASCII.GetString(response, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => new KeyValuePair<string, string>(parts[0].Trim(), parts[1].Trim()))
            .ToList();
        var body = response[(end + 4)..];
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return new HttpReply(status, chunked ? Dechunk(body) : body, headers);
    }

    private static byte[] Dechunk(byte[] body)
    {
        var output = new List<byte>();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.AsSpan(position).IndexOf("\r\n"u8);
            var sizeText = Encoding.ASCII.GetString(body, position, lineEnd).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.AddRange(body.AsSpan(position, size).ToArray());
            position += size + 2;
        }

        return [.. output];
    }
}

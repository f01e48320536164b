using System.Globalization;

namespace Drydock.Master.Hosting;

/// <summary>
/// Who this master is for as long as the process runs: a fresh UUID per start (as in Mesos), when it started,
/// and the address it listens on (known once the server has bound, which matters for <c>--port 0</c>).
/// </summary>
internal sealed class MasterIdentity(MasterOptions options, TimeProvider time)
{
    public string Id { get; } = Guid.NewGuid().ToString();

    public DateTimeOffset StartTime { get; } = time.GetUtcNow();

    public string Ip => options.Ip;

    public string Hostname => options.Hostname ?? options.Ip;

    public int Port { get; set; } = options.Port;

    public string Pid => string.Create(CultureInfo.InvariantCulture, $"master@{Ip}:{Port}");

    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://{Ip}:{Port}");
}

using System.Text.Json;
using Drydock.Protocol.Resources;

namespace Drydock.Bench.Simulation;

/// <summary>
/// A release-built <c>drydock master</c> process with simulated agents and frameworks in this process, all on
/// loopback. Agents register with a bounded number in flight; everything the cluster started (frameworks, agents'
/// sockets, the master process and its work dir) is stopped by <see cref="DisposeAsync"/>, which a scenario reaches
/// through <c>await using</c> also when it fails half-way.
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly IReadOnlyList<Resource> _resources;
    private readonly HttpMessageInvoker _channels;
    private readonly List<SimulatedAgent> _agents = [];
    private readonly List<SimulatedFramework> _frameworks = [];

    private Cluster(MasterUnderTest master, ClusterOptions options, IReadOnlyList<Resource> resources)
    {
        Master = master;
        _options = options;
        _resources = resources;
        // One handler for every agent's WebSocket handshake; upgraded connections leave its pool.
        _channels = new HttpMessageInvoker(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) });
        Http = new HttpClient { BaseAddress = master.Url, Timeout = TimeSpan.FromMinutes(2) };
    }

    public MasterUnderTest Master { get; }

    /// <summary>A client for the master's operator endpoints (<c>/state</c>, <c>/maintenance/schedule</c>, <c>/api/v1</c>).</summary>
    public HttpClient Http { get; }

    public IReadOnlyList<SimulatedAgent> Agents => _agents;

    public IReadOnlyList<SimulatedFramework> Frameworks => _frameworks;

    public static async Task<Cluster> StartAsync(ClusterOptions options)
    {
        var resources = ResourceParser.Parse(options.AgentResources);
        if (!resources.Succeeded)
        {
            throw new ArgumentException($"agent resources '{options.AgentResources}': {resources.Error}");
        }

        var master = await MasterUnderTest.StartAsync([.. options.MasterFlags]);
        return new Cluster(master, options, resources.Value!);
    }

    /// <summary>
    /// Registers <paramref name="count"/> more agents, at most <see cref="ClusterOptions.RegistrationsInFlight"/> at a
    /// time, and returns once every one has its AgentRegistered. The first failure stops the batch and is thrown.
    /// </summary>
    public async Task<RegistrationRun> AddAgentsAsync(int count, CancellationToken cancellationToken)
    {
        var batch = Enumerable.Range(_agents.Count, count).Select(i => new SimulatedAgent(i, _resources)).ToArray();
        // Owned by the cluster before any connects, so that a failed batch is cleaned up too.
        _agents.AddRange(batch);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.RegistrationsInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batch, parallel, async (agent, token) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(_options.RegistrationTimeout);
            await agent.RegisterAsync(Master.Url, _channels, timeout.Token);
        });
        return new RegistrationRun(batch, batch.Min(a => a.ConnectStarted), batch.Max(a => a.Registered));
    }

    /// <summary>SUBSCRIBEs a simulated framework; the cluster tears its stream down when disposed.</summary>
    public async Task<SimulatedFramework> AddFrameworkAsync(string name, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var framework = await SimulatedFramework.SubscribeAsync(Master.Url, name, roles, cancellationToken);
        _frameworks.Add(framework);
        return framework;
    }

    /// <summary>How many agents the master's <c>GET /state</c> lists, and how long the call took.</summary>
    public async Task<(int Agents, TimeSpan Took, long Bytes)> CountAgentsInStateAsync(CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var body = await Http.GetByteArrayAsync("state", cancellationToken);
        var took = watch.Elapsed;
        using var state = JsonDocument.Parse(body);
        return (state.RootElement.GetProperty("slaves").GetArrayLength(), took, body.Length);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var framework in _frameworks)
            {
                await framework.DisposeAsync();
            }

            await Task.WhenAll(_agents.Select(a => a.DisposeAsync().AsTask()));
        }
        finally
        {
            Http.Dispose();
            _channels.Dispose();
            await Master.DisposeAsync();
        }
    }
}

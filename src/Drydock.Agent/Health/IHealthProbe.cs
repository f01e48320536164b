namespace Drydock.Agent.Health;

/// <summary>One kind of health check (COMMAND, HTTP, TCP) run once against a task.</summary>
internal interface IHealthProbe
{
    /// <summary>
    /// Runs the check; null when it passed, otherwise why it failed. The token is cancelled at the check's timeout (or
    /// when checking stops): the probe then stops what it started and throws.
    /// </summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}

namespace Drydock.Services.Apps;

/// <summary>
/// How far a rolling replacement may go below and above the app's instance count, as fractions of it: healthy
/// instances never fall below ceil(n × <see cref="MinimumHealthCapacity"/>), and no more than
/// floor(n × (1 + <see cref="MaximumOverCapacity"/>)) run at once.
/// </summary>
internal sealed record UpgradeStrategy(double MinimumHealthCapacity = 1, double MaximumOverCapacity = 1)
{
    public static readonly UpgradeStrategy Default = new();
}

namespace Drydock.Bench;

/// <summary>Nearest-rank percentiles of an already sorted sample.</summary>
internal static class Percentile
{
    public static double Of(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}

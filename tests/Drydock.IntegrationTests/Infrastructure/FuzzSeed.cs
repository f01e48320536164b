using System.Globalization;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>The fuzz tests' seed: <c>DRYDOCK_FUZZ_SEED</c> when set (to repeat a run), else each test's own default.</summary>
internal static class FuzzSeed
{
    public const string Variable = "DRYDOCK_FUZZ_SEED";

    public static int Get(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : fallback;
}

using System.Text.Json;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Reads <c>/slaves</c> and polls it with a deadline until a condition holds.</summary>
internal static class StatePoller
{
    public static async Task<JsonElement[]> AgentsAsync(Uri master)
    {
        using var http = new HttpClient { BaseAddress = master };
        using var document = JsonDocument.Parse(await http.GetStringAsync("slaves"));
        return document.RootElement.GetProperty("slaves").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static async Task<JsonElement[]> WaitForAgentsAsync(Uri master, Func<JsonElement[], bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var agents = await AgentsAsync(master);
            if (condition(agents))
            {
                return agents;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition on /slaves not met; last: " + string.Join(", ", agents.Select(a => a.GetRawText())));
            }

            await Task.Delay(100);
        }
    }
}

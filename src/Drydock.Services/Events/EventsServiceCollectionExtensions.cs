using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drydock.Services.Events;

/// <summary>Registers the Events room: the one <see cref="MarathonEventBus"/> of the process.</summary>
internal static class EventsServiceCollectionExtensions
{
    public static IServiceCollection AddMarathonEvents(this IServiceCollection services, int maxOutstandingMessages = MarathonEventBus.DefaultMaxOutstandingMessages) =>
        services.AddSingleton(sp => new MarathonEventBus(sp.GetRequiredService<ILogger<MarathonEventBus>>(), maxOutstandingMessages));
}

using System.Globalization;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Scheduler;

namespace Drydock.Services.Placement;

/// <summary>
/// Ranks offers by maintenance (Drydock's placement that avoids maintenance, DESIGN.md "Maintenance beyond Mesos" 2).
/// Never an agent in a window now, DOWN, deactivated or draining; an agent with an outstanding inverse offer or named
/// as due only when nothing else fits; among the rest, agents with no window first, then the latest window first (as
/// Apache Aurora orders its offers). Marathon only declines offers inside a window.
/// </summary>
internal static class MaintenanceRanker
{
    public static MaintenanceStanding Classify(OfferMessage offer, MaintenanceView view, DateTimeOffset now)
    {
        foreach (var blocked in view.Blocked)
        {
            if (blocked.Machine.Names(offer))
            {
                return new MaintenanceStanding(MaintenanceTier.Excluded, null, $"agent {offer.AgentId} ({offer.Hostname}) is {Describe(blocked.Why)}");
            }
        }

        var notes = new List<string>();
        DateTimeOffset? earliest = null;
        var unknownStart = false;
        var avoided = false;

        if (offer.Unavailability is { } unavailability)
        {
            switch (Window(unavailability, view.DrainingLead, now))
            {
                case WindowState.Inside:
                    return new MaintenanceStanding(MaintenanceTier.Excluded, Start(unavailability), $"agent {offer.AgentId} ({offer.Hostname}) is in a maintenance window {Span(unavailability)}");
                case WindowState.Ahead:
                    earliest = Start(unavailability);
                    notes.Add($"maintenance window {Span(unavailability)}");
                    break;
            }
        }

        foreach (var inverse in view.InverseOffers)
        {
            if (inverse.AgentId != offer.AgentId)
            {
                continue;
            }

            if (Window(inverse.Unavailability, view.DrainingLead, now) == WindowState.Inside)
            {
                return new MaintenanceStanding(MaintenanceTier.Excluded, Start(inverse.Unavailability), $"agent {offer.AgentId} ({offer.Hostname}) is in a maintenance window {Span(inverse.Unavailability)}");
            }

            avoided = true;
            earliest = Earlier(earliest, Start(inverse.Unavailability));
            notes.Add($"inverse offer outstanding for the window {Span(inverse.Unavailability)}");
        }

        foreach (var due in view.Due)
        {
            if (!due.Machine.Names(offer))
            {
                continue;
            }

            if (due.Start is { } start && start <= now)
            {
                return new MaintenanceStanding(MaintenanceTier.Excluded, start, $"agent {offer.AgentId} ({offer.Hostname}) was due for {due.Source} at {Time(start)}");
            }

            avoided = true;
            unknownStart |= due.Start is null;
            earliest = Earlier(earliest, due.Start);
            notes.Add(due.Start is { } at ? $"due for {due.Source} at {Time(at)}" : $"due for {due.Source}");
        }

        if (avoided)
        {
            return new MaintenanceStanding(MaintenanceTier.Avoided, unknownStart ? null : earliest, $"agent {offer.AgentId} ({offer.Hostname}): {string.Join("; ", notes)}");
        }

        return earliest is { } ahead
            ? new MaintenanceStanding(MaintenanceTier.WindowAhead, ahead, $"agent {offer.AgentId} ({offer.Hostname}): {string.Join("; ", notes)}")
            : MaintenanceStanding.Clear;
    }

    private enum WindowState
    {
        None,
        Ahead,
        Inside,
    }

    /// <summary>
    /// Inside from <c>start − lead</c> until <c>start + duration</c> (forever with no duration), as Marathon reads
    /// <c>unavailability</c>; a window that has ended counts as none.
    /// </summary>
    private static WindowState Window(Unavailability unavailability, TimeSpan lead, DateTimeOffset now)
    {
        var start = Start(unavailability);
        if (unavailability.Duration is { } duration && now >= start + duration.ToTimeSpan())
        {
            return WindowState.None;
        }

        return now >= start - lead ? WindowState.Inside : WindowState.Ahead;
    }

    private static DateTimeOffset Start(Unavailability unavailability) => unavailability.Start.ToDateTimeOffset();

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private static string Span(Unavailability unavailability) =>
        unavailability.Duration is { } duration
            ? $"from {Time(Start(unavailability))} to {Time(Start(unavailability) + duration.ToTimeSpan())}"
            : $"from {Time(Start(unavailability))}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Describe(AgentBlock why) => why switch
    {
        AgentBlock.Down => "DOWN",
        AgentBlock.Deactivated => "deactivated",
        _ => "draining",
    };
}

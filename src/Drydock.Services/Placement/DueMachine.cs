namespace Drydock.Services.Placement;

/// <summary>
/// A machine or agent due to be taken out soon, named by a source other than its offers' unavailability: the next
/// machines of a rolling maintenance, an upcoming drain. <paramref name="Start"/> is when it goes, when known;
/// <paramref name="Source"/> says who named it (for the placement's notes).
/// </summary>
internal sealed record DueMachine(MachineRef Machine, DateTimeOffset? Start, string Source);

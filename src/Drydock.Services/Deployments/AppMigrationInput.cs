using Drydock.Services.Apps;

namespace Drydock.Services.Deployments;

/// <summary>
/// One app's side of a maintenance migration. <see cref="Instances"/> are the app's instances that count (goal
/// Running and not UnreachableInactive) plus the killed ones not yet terminal. <see cref="NoRoomSince"/> is set by the
/// scheduler while its attempts to place a replacement of this app find no fitting offer: since when.
/// </summary>
internal sealed record AppMigrationInput(PathId AppId, int Target, UpgradeStrategy Strategy, IReadOnlyList<MigrationInstance> Instances)
{
    public DateTimeOffset? NoRoomSince { get; init; }

    /// <summary>A resident app gets no temporary over-capacity when minimum health and capacity leave none.</summary>
    public bool Resident { get; init; }
}

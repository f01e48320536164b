using Drydock.Protocol.Resources;

namespace Drydock.Services.Placement;

/// <summary>
/// What one instance takes from an offer: the resources for its TaskInfo, per name and reservation role (the scheduler
/// adds <c>allocation_info</c> with the offer's role), and its host ports in the order of the app's port definitions
/// (<c>PORT0…</c>).
/// </summary>
internal sealed record TakenResources(IReadOnlyList<Resource> Resources, IReadOnlyList<int> HostPorts);

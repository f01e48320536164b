namespace Drydock.Services.Placement;

/// <summary>One step of the reject funnel: <c>{"reason","declined","processed"}</c>.</summary>
internal sealed record RejectStep(NoMatchReason Reason, int Declined, int Processed);

namespace Drydock.Protocol.State;

/// <summary>The <c>/master/frameworks</c> document.</summary>
public sealed record FrameworksResponse(
    IReadOnlyList<FrameworkState> Frameworks,
    IReadOnlyList<FrameworkState> CompletedFrameworks,
    IReadOnlyList<string> UnregisteredFrameworks);

namespace Drydock.Cli.Commands.Deployments;

/// <summary>The end of a wait, with one line per app: how it stands, or what is wrong with it.</summary>
internal sealed record WaitOutcome(WaitResult Result, IReadOnlyList<string> Lines);

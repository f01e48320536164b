namespace Drydock.Client.Marathon;

/// <summary>An action of a deployment step: what it does (<c>ScaleApplication</c>, …) to which app.</summary>
public sealed record MarathonDeploymentAction
{
    /// <summary><c>StartApplication</c>, <c>StopApplication</c>, <c>ScaleApplication</c> or <c>RestartApplication</c>.</summary>
    public string Action { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The app the action is for.</summary>
    public string App { get; init => field = value ?? string.Empty; } = string.Empty;
}

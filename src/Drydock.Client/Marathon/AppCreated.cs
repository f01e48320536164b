namespace Drydock.Client.Marathon;

/// <summary>The answer of <c>POST /v2/apps</c>: the app as it was stored and the deployment that starts it.</summary>
/// <param name="App">The app, defaults filled in.</param>
/// <param name="Deployment">The deployment that starts the app.</param>
public sealed record AppCreated(MarathonApp App, DeploymentResult Deployment);

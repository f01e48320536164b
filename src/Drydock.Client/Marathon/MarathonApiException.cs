using System.Net;

namespace Drydock.Client.Marathon;

/// <summary>
/// The services API answered with an error. <see cref="Exception.Message"/> is Marathon's <c>message</c>, or the body
/// as it is when the answer was not Marathon's JSON (a proxy's text, say).
/// </summary>
public sealed class MarathonApiException : Exception
{
    /// <summary>An error answer.</summary>
    public MarathonApiException(
        HttpStatusCode status,
        string message,
        bool isMarathonError,
        IReadOnlyList<MarathonErrorDetail>? details = null,
        string? detailText = null,
        IReadOnlyList<string>? deploymentIds = null)
        : base(message)
    {
        Status = status;
        IsMarathonError = isMarathonError;
        Details = details ?? [];
        DetailText = detailText;
        DeploymentIds = deploymentIds ?? [];
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>True when the body was Marathon's error JSON (an object with a string <c>message</c>).</summary>
    public bool IsMarathonError { get; }

    /// <summary>The per-path errors of a 422 (<c>details</c> as an array).</summary>
    public IReadOnlyList<MarathonErrorDetail> Details { get; }

    /// <summary><c>details</c> when it is a string (a 400 for a body that is not JSON).</summary>
    public string? DetailText { get; }

    /// <summary>The deployments that lock the app, from a 409's <c>deployments</c>; empty for other answers.</summary>
    public IReadOnlyList<string> DeploymentIds { get; }
}

using System.Globalization;

namespace Drydock.Services.Deployments;

/// <summary>Marathon's texts for deployment refusals and cancellations (marathon.md §1.1, §5, §8.1).</summary>
internal static class DeploymentMessages
{
    /// <summary>The 409 <c>message</c>; the body adds <c>"deployments":[{"id"}]</c>.</summary>
    public const string Locked =
        "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.";

    /// <summary>The <c>reason</c> of the <c>deployment_failed</c> event of a deployment cancelled by force.</summary>
    public const string Cancelled = "The upgrade has been cancelled";

    /// <summary>The 403 <c>message</c> when <paramref name="max"/> deployments already run (the missing space is Marathon's).</summary>
    public static string TooMany(int max) => string.Create(
        CultureInfo.InvariantCulture,
        $"Max number ({max}) of running deployments is achieved. Wait for existing deployments to complete or cancelusing force=true parameter. You can increase max deployment number by using --max_running_deployments parameter but be advised that this can have negative effects on the performance.");

    /// <summary>The 404 <c>message</c> of <c>DELETE /v2/deployments/{id}</c> for an unknown id.</summary>
    public static string NotFound(string id) => $"DeploymentPlan {id} does not exist";
}

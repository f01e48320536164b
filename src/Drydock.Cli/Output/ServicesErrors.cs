using System.Net;
using Drydock.Cli.Commands;
using Drydock.Client.Marathon;

namespace Drydock.Cli.Output;

/// <summary>
/// The services API's refusals for people: a 422 with each detail as <c>path: error</c>, a 409 naming the deployments
/// that lock the app and pointing at <c>--force</c>, a 404 as Marathon words it, and answers that are not Marathon's
/// (a master with no framework named marathon) with how to point the CLI at the right URL.
/// </summary>
internal static class ServicesErrors
{
    public static IEnumerable<string> Describe(MarathonApiException e, ServicesEndpoint endpoint, Uri url)
    {
        if (!e.IsMarathonError)
        {
            yield return $"error: {url} answered {(int)e.Status}: {Indent(e.Message)}";
            yield return Hint(endpoint);
            yield break;
        }

        switch (e.Status)
        {
            case HttpStatusCode.UnprocessableEntity:
                yield return $"error: the app definition was refused: {e.Message}";
                foreach (var detail in e.Details)
                {
                    foreach (var problem in detail.Errors.DefaultIfEmpty("invalid"))
                    {
                        yield return $"  {detail.Path}: {problem}";
                    }
                }

                break;
            case HttpStatusCode.Conflict when e.DeploymentIds.Count > 0:
                yield return $"error: the app is locked by deployment {string.Join(", ", e.DeploymentIds)} (see `drydock deployment list`)";
                yield return "  add --force to cancel it where it stands and go ahead, or wait until it is done";
                break;
            case HttpStatusCode.Conflict:
                yield return $"error: {e.Message}";
                yield return "  `drydock app update ID FILE` changes an app that exists";
                break;
            case HttpStatusCode.NotFound:
                yield return $"error: {e.Message}";
                break;
            default:
                yield return $"error: the services API refused the request ({(int)e.Status}): {e.Message}{(e.DetailText is { } text ? ": " + text : string.Empty)}";
                break;
        }
    }

    public static IEnumerable<string> Unreachable(MarathonUnreachableException e, ServicesEndpoint endpoint)
    {
        yield return $"error: {e.Message}";
        yield return Hint(endpoint);
    }

    private static string Hint(ServicesEndpoint endpoint) => endpoint.Source == ServicesOptions.MasterSource
        ? $"  that is the master's URL + /{ServicesOptions.ProxyPath}: is `drydock services` running and registered with it? --services URL or ${ServicesOptions.EnvironmentVariable} reaches it directly"
        : $"  the URL came from {endpoint.Source}; it should be where `drydock services` (or Marathon) serves /v2";

    private static string Indent(string text) => text.Replace("\n", "\n  ", StringComparison.Ordinal);
}

using Drydock.Agent.Files;
using Drydock.Protocol;
using Microsoft.AspNetCore.Http;

namespace Drydock.Agent.Http;

/// <summary>
/// The agent's routes, each at the top level and under the agent's process name <c>/slave(1)/</c> as Mesos serves
/// them; the <c>.json</c> forms of the old endpoints too. Anything else is 404.
/// </summary>
internal sealed class AgentEndpoints(AgentView view, AgentStateReader state, SandboxFiles files)
{
    private const string Process = "/slave(1)";

    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith(Process + "/", StringComparison.Ordinal))
        {
            path = path[Process.Length..];
        }

        return path.TrimEnd('/') switch
        {
            "/health" => AgentResponses.Ok(context),
            "/state" or "/state.json" => StateAsync(context),
            "/flags" => AgentResponses.Json(context, JsonWriting.Build(writer =>
            {
                writer.WriteStartObject("flags");
                foreach (var (name, value) in view.Options.Flags)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
            })),
            "/files/browse" or "/files/browse.json" => FileEndpoints.BrowseAsync(context, files),
            "/files/read" or "/files/read.json" => FileEndpoints.ReadAsync(context, files),
            "/files/download" or "/files/download.json" => FileEndpoints.DownloadAsync(context, files),
            "/api/v1" => AgentApiEndpoint.HandleAsync(context, view, state, files),
            _ => AgentResponses.Text(context, StatusCodes.Status404NotFound, string.Empty),
        };
    }

    private Task StateAsync(HttpContext context)
    {
        var (frameworks, runs) = state.Read(view.AgentId);
        return AgentResponses.Json(context, new AgentStateJson(view, frameworks, runs).State());
    }
}

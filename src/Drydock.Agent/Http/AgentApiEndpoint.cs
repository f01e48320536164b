using Drydock.Agent.Files;
using Drydock.Protocol;
using Drydock.Protocol.Agent;
using Drydock.Protocol.Agents;
using Microsoft.AspNetCore.Http;

namespace Drydock.Agent.Http;

/// <summary>
/// <c>POST /api/v1</c>, the v1 agent API in JSON. Checks run in Mesos's order and words, as the master's
/// <c>/api/v1</c>: method, Content-Type, body, call shape, validation, Accept. Calls Drydock does not serve are 501.
/// </summary>
internal static class AgentApiEndpoint
{
    private const long MaxBodyBytes = 1024 * 1024;

    public static async Task HandleAsync(HttpContext context, AgentView view, AgentStateReader state, SandboxFiles files)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await AgentResponses.MethodNotAllowed(context, "POST");
            return;
        }

        switch (AgentResponses.MediaType(context.Request))
        {
            case null:
                await AgentResponses.BadRequest(context, "Expecting 'Content-Type' to be present");
                return;
            case AgentResponses.JsonMediaType:
                break;
            default:
                await AgentResponses.Text(context, StatusCodes.Status415UnsupportedMediaType, "Expecting 'Content-Type' of application/json");
                return;
        }

        if (await ReadBodyAsync(context) is not { } body)
        {
            await AgentResponses.Text(context, StatusCodes.Status413PayloadTooLarge, $"Request body exceeds the limit of {MaxBodyBytes} bytes");
            return;
        }

        var document = ProtoJson.ParseDocument(body);
        if (!document.Succeeded)
        {
            await AgentResponses.BadRequest(context, "Failed to parse body into JSON: " + document.Error);
            return;
        }

        using var json = document.Value;
        var read = AgentCall.Read(json.RootElement);
        if (!read.Succeeded)
        {
            await AgentResponses.BadRequest(context, "Failed to convert JSON into Call protobuf: " + read.Error);
            return;
        }

        if (read.Value.Validate() is { } invalid)
        {
            await AgentResponses.BadRequest(context, "Failed to validate agent::Call: " + invalid);
            return;
        }

        if (!AgentResponses.AcceptsJson(context.Request))
        {
            await AgentResponses.NotAcceptable(context);
            return;
        }

        await DispatchAsync(context, read.Value, view, state, files);
    }

    private static async Task DispatchAsync(HttpContext context, AgentCall call, AgentView view, AgentStateReader state, SandboxFiles files)
    {
        var type = call.Type!.Value;
        var name = type.ToString();
        switch (type)
        {
            case AgentCallType.GET_HEALTH:
                await Respond(context, name, w => w.WriteBoolean("healthy", true));
                break;
            case AgentCallType.GET_FLAGS:
                await Respond(context, name, w =>
                {
                    w.WriteStartArray("flags");
                    foreach (var (flag, value) in view.Options.Flags)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", flag);
                        w.WriteString("value", value);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                break;
            case AgentCallType.GET_VERSION:
                await Respond(context, name, w =>
                {
                    w.WriteStartObject("version_info");
                    w.WriteString("version", AgentView.Version);
                    w.WriteEndObject();
                });
                break;
            case AgentCallType.GET_AGENT:
                var info = new AgentInfo(view.Options.Hostname, view.Options.Port, view.Options.Resources, view.Options.Attributes);
                await Respond(context, name, w =>
                {
                    w.WritePropertyName("agent_info");
                    w.WriteRawValue(AgentInfoJson.Serialize(info, view.AgentId), skipInputValidation: true);
                });
                break;
            case AgentCallType.GET_STATE:
            case AgentCallType.GET_TASKS:
            case AgentCallType.GET_EXECUTORS:
            case AgentCallType.GET_FRAMEWORKS:
                var (frameworks, runs) = state.Read(view.AgentId);
                var writer = new AgentStateJson(view, frameworks, runs);
                await AgentResponses.Json(context, type == AgentCallType.GET_STATE ? writer.GetState() : writer.Part(name));
                break;
            case AgentCallType.LIST_FILES:
                await ListFilesAsync(context, call.Path!, files);
                break;
            case AgentCallType.READ_FILE:
                await ReadFileAsync(context, call, files);
                break;
            default:
                await AgentResponses.Text(context, StatusCodes.Status501NotImplemented, "501 Not Implemented.");
                break;
        }
    }

    private static async Task ListFilesAsync(HttpContext context, string path, SandboxFiles files)
    {
        var listing = files.Browse(path);
        if (listing.Failure is { } failure)
        {
            await FileEndpoints.Fail(context, failure);
            return;
        }

        await Respond(context, "LIST_FILES", w =>
        {
            w.WriteStartArray("file_infos");
            foreach (var entry in listing.Value!)
            {
                w.WriteStartObject();
                w.WriteString("path", entry.Path);
                w.WriteNumber("nlink", entry.Stat.Links);
                w.WriteNumber("size", entry.Stat.Size);
                w.WriteStartObject("mtime");
                w.WriteNumber("nanoseconds", entry.Stat.MtimeNanoseconds);
                w.WriteEndObject();
                w.WriteNumber("mode", entry.Stat.Mode);
                w.WriteString("uid", AccountNames.User(entry.Stat.Uid));
                w.WriteString("gid", AccountNames.Group(entry.Stat.Gid));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static async Task ReadFileAsync(HttpContext context, AgentCall call, SandboxFiles files)
    {
        var read = files.Read(call.Path!, call.Offset, call.Length);
        if (read.Failure is { } failure)
        {
            await FileEndpoints.Fail(context, failure);
            return;
        }

        await Respond(context, "READ_FILE", w =>
        {
            w.WriteNumber("size", read.Value!.Size);
            w.WriteBase64String("data", read.Value.Data);
        });
    }

    private static Task Respond(HttpContext context, string type, Action<System.Text.Json.Utf8JsonWriter> payload) =>
        AgentResponses.Json(context, JsonWriting.Build(writer =>
        {
            writer.WriteString("type", type);
            writer.WriteStartObject(type.ToLowerInvariant());
            payload(writer);
            writer.WriteEndObject();
        }));

    /// <summary>The whole body, chunked or not; null when it is over the limit.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int count;
        while ((count = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + count > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, count);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

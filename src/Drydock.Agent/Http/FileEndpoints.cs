using System.Globalization;
using System.Text;
using Drydock.Agent.Files;
using Drydock.Protocol;
using Microsoft.AspNetCore.Http;

namespace Drydock.Agent.Http;

/// <summary>
/// <c>/files/browse</c>, <c>/files/read</c> and <c>/files/download</c> with Mesos's parameters, replies and messages
/// (<c>src/files/files.cpp</c>). Paths outside the sandboxes are 404, whatever they name.
/// </summary>
internal static class FileEndpoints
{
    public static async Task BrowseAsync(HttpContext context, SandboxFiles files)
    {
        if (await PathOf(context) is not { } path)
        {
            return;
        }

        var listing = files.Browse(path);
        if (listing.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        await AgentResponses.Json(context, Array(writer =>
        {
            foreach (var entry in listing.Value!)
            {
                writer.WriteStartObject();
                writer.WriteString("path", entry.Path);
                writer.WriteNumber("nlink", entry.Stat.Links);
                writer.WriteNumber("size", entry.Stat.Size);
                writer.WriteNumber("mtime", entry.Stat.MtimeNanoseconds / 1e9);
                writer.WriteString("mode", entry.Stat.ModeText());
                writer.WriteString("uid", AccountNames.User(entry.Stat.Uid));
                writer.WriteString("gid", AccountNames.Group(entry.Stat.Gid));
                writer.WriteEndObject();
            }
        }));
    }

    /// <summary>
    /// <c>offset</c> absent or -1 asks for the size only (<c>{"data":"","offset":size}</c>); <c>length</c> absent or -1
    /// reads to the end, at most 16 pages.
    /// </summary>
    public static async Task ReadAsync(HttpContext context, SandboxFiles files)
    {
        if (await PathOf(context) is not { } path)
        {
            return;
        }

        var (offset, offsetError) = Number(context, "offset");
        var (length, lengthError) = Number(context, "length");
        if ((offsetError ?? lengthError) is { } error)
        {
            await AgentResponses.BadRequest(context, error);
            return;
        }

        var sizeOnly = offset is null or -1;
        var read = files.Read(path, sizeOnly ? 0 : offset!.Value, sizeOnly ? 0 : length is null or -1 ? null : length);
        if (read.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        var chunk = read.Value!;
        await AgentResponses.Json(context, JsonWriting.Build(writer =>
        {
            writer.WriteString("data", Encoding.UTF8.GetString(chunk.Data));
            writer.WriteNumber("offset", sizeOnly ? chunk.Size : offset!.Value);
        }));
    }

    public static async Task DownloadAsync(HttpContext context, SandboxFiles files)
    {
        if (await PathOf(context) is not { } path)
        {
            return;
        }

        var download = files.Download(path);
        if (download.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        var real = download.Value!;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = "attachment; filename=" + Path.GetFileName(real);
        try
        {
            await context.Response.SendFileAsync(real, context.RequestAborted);
        }
        catch (FileNotFoundException) when (!context.Response.HasStarted)
        {
            context.Response.Headers.ContentDisposition = default;
            await AgentResponses.Text(context, StatusCodes.Status404NotFound, string.Empty);
        }
    }

    public static Task Fail(HttpContext context, FileFailure failure) => failure.Kind switch
    {
        FileFailureKind.NotFound => AgentResponses.Text(context, StatusCodes.Status404NotFound, failure.Message),
        FileFailureKind.Invalid => AgentResponses.BadRequest(context, failure.Message),
        _ => AgentResponses.Text(context, StatusCodes.Status500InternalServerError, failure.Message),
    };

    private static async Task<string?> PathOf(HttpContext context)
    {
        var path = context.Request.Query["path"].ToString();
        if (path.Length == 0)
        {
            await AgentResponses.BadRequest(context, "Expecting 'path=value' in query.\n");
            return null;
        }

        return path;
    }

    /// <summary>A query parameter that must be an integer of at least -1, as Mesos's numify and its checks.</summary>
    private static (long? Value, string? Error) Number(HttpContext context, string name)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return (null, null);
        }

        var text = values.ToString();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (null, $"Failed to parse {name}: Failed to convert '{text}' to number.\n");
        }

        return value < -1 ? (null, string.Create(CultureInfo.InvariantCulture, $"Negative {name} provided: {value}.\n")) : (value, null);
    }

    private static byte[] Array(Action<System.Text.Json.Utf8JsonWriter> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            items(writer);
            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }
}

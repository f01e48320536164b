using System.Net;
using System.Text;
using System.Text.Json;

namespace Drydock.Client.Marathon;

/// <summary>
/// Reads an error answer (marathon.md §1.1): <c>message</c>, <c>details</c> (an array of <c>{path, errors}</c> for a
/// 422, a string for a 400) and the locking <c>deployments</c> of a 409. Anything else (a proxy's text, an HTML page)
/// becomes a message made of the body as it is.
/// </summary>
internal static class MarathonErrors
{
    private const int MaxTextLength = 2000;

    public static MarathonApiException Read(HttpStatusCode status, string? reason, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                var details = root.TryGetProperty("details", out var d) ? d : default;
                return new MarathonApiException(
                    status,
                    message.GetString()!,
                    isMarathonError: true,
                    details.ValueKind == JsonValueKind.Array ? Details(details) : null,
                    details.ValueKind == JsonValueKind.String ? details.GetString() : null,
                    root.TryGetProperty("deployments", out var deployments) ? DeploymentIds(deployments) : null);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the message.
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength] + "…";
        }

        return new MarathonApiException(status, text.Length > 0 ? text : $"{(int)status} {reason}".TrimEnd(), isMarathonError: false);
    }

    private static List<MarathonErrorDetail> Details(JsonElement details)
    {
        var list = new List<MarathonErrorDetail>();
        foreach (var detail in details.EnumerateArray())
        {
            if (detail.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var path = detail.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "/";
            var errors = detail.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
                : [];
            list.Add(new MarathonErrorDetail(path, errors));
        }

        return list;
    }

    private static List<string> DeploymentIds(JsonElement deployments) =>
        deployments.ValueKind != JsonValueKind.Array
            ? []
            : deployments.EnumerateArray()
                .Select(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : null)
                .OfType<string>()
                .ToList();
}

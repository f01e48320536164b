using System.Text;
using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>
/// An expected failure of a <c>/v2</c> call, as a value: the status and Marathon's exact body (marathon.md §1.1). Every
/// body carries a string <c>message</c>; <c>details</c> is a string for unparsable bodies and a list of
/// <see cref="ProblemDetail"/> for shape and rule errors; the locked answer adds <c>deployments</c>.
/// </summary>
internal sealed record MarathonProblem(int Status, string Message)
{
    public const string InvalidJsonMessage = "Invalid JSON";
    public const string NotValidMessage = "Object is not valid";
    public const string NoDataMessage = "Please specify data in JSON format";

    /// <summary>The <c>details</c> string (unparsable or empty body); null when absent.</summary>
    public string? DetailsText { get; init; }

    /// <summary>The <c>details</c> list (shape or rule errors); null when absent.</summary>
    public IReadOnlyList<ProblemDetail>? Details { get; init; }

    /// <summary>The deployment ids of the 409 locked answer; null when absent.</summary>
    public IReadOnlyList<string>? Deployments { get; init; }

    /// <summary>400: the body is not JSON; <paramref name="parserText"/> says where and why.</summary>
    public static MarathonProblem InvalidJson(string parserText) => new(400, InvalidJsonMessage) { DetailsText = parserText };

    /// <summary>400: the call needs a body and none (or only white space) was sent.</summary>
    public static MarathonProblem NoData() => new(400, NoDataMessage) { DetailsText = "No content to map due to end-of-input" };

    /// <summary>422 (400 when there is nothing to list): JSON of the wrong type or shape, with Play's error keys.</summary>
    public static MarathonProblem InvalidShape(IReadOnlyList<ProblemDetail> details) =>
        new(details.Count == 0 ? 400 : 422, InvalidJsonMessage) { Details = details };

    /// <summary>422: the app breaks one or more of the validator's rules.</summary>
    public static MarathonProblem NotValid(IReadOnlyList<ProblemDetail> details) => new(422, NotValidMessage) { Details = details };

    public static MarathonProblem AppNotFound(PathId id) => new(404, $"App '{id}' does not exist");

    public static MarathonProblem AppVersionNotFound(PathId id, DateTimeOffset version) =>
        new(404, $"App '{id}' does not exist in version {MarathonTime.Format(version)}");

    public static MarathonProblem AppExists(PathId id) => new(409, $"An app with id [{id}] already exists.");

    /// <summary>409: the apps are part of running deployments and the call was not forced.</summary>
    public static MarathonProblem Locked(IReadOnlyList<string> deploymentIds) =>
        new(409, "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.")
        {
            Deployments = deploymentIds,
        };

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("message", Message);
        if (DetailsText is not null)
        {
            writer.WriteString("details", DetailsText);
        }
        else if (Details is not null)
        {
            writer.WriteStartArray("details");
            foreach (var detail in Details)
            {
                writer.WriteStartObject();
                writer.WriteString("path", detail.Path);
                writer.WriteStartArray("errors");
                foreach (var error in detail.Errors)
                {
                    writer.WriteStringValue(error);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (Deployments is not null)
        {
            writer.WriteStartArray("deployments");
            foreach (var id in Deployments)
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The body as UTF-8 JSON.</summary>
    public byte[] ToJsonBytes() => MarathonJson.ToBytes(WriteTo);

    public string ToJson() => Encoding.UTF8.GetString(ToJsonBytes());
}

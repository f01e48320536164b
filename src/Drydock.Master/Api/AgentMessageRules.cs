using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Protocol.Ids;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Api;

/// <summary>
/// What the agent channel accepts, checked before a message reaches the registry or the task books: the channel's first
/// message is its one Register or Reregister, and every id a message carries follows Mesos's id rule
/// (<see cref="IdValidation"/>). A message that breaks a rule closes the channel and changes nothing.
/// </summary>
internal static class AgentMessageRules
{
    /// <summary>
    /// Why the message is refused, or null when it may be served. <paramref name="registered"/>: whether the channel has
    /// already sent its Register or Reregister; <paramref name="agentId"/>: the agent the registry holds on it, if any.
    /// </summary>
    public static string? Refusal(AgentMessage message, bool registered, string? agentId) => message.BodyCase switch
    {
        // A channel speaks for one agent, registered once: a second registration could put a second agent on it.
        AgentMessage.BodyOneofCase.Register or AgentMessage.BodyOneofCase.Reregister when registered =>
            "The channel is registered already; an agent registers once per channel",
        AgentMessage.BodyOneofCase.Register => null,
        AgentMessage.BodyOneofCase.Reregister => Reregister(message.Reregister),
        _ when !registered => "Expected Register or Reregister as the channel's first message",
        AgentMessage.BodyOneofCase.Unregister => Id("Unregister has an invalid AgentID: ", message.Unregister.AgentId)
            ?? (agentId is not null && message.Unregister.AgentId != agentId ? "Unregister names another agent than the channel's" : null),
        AgentMessage.BodyOneofCase.StatusUpdate => StatusUpdate(message.StatusUpdate),
        _ => null,
    };

    private static string? Reregister(ReregisterAgent reregister)
    {
        if (Id("Reregister has an invalid AgentID: ", reregister.AgentId) is { } invalid)
        {
            return invalid;
        }

        foreach (var task in reregister.Tasks)
        {
            if (Id("Task has an invalid FrameworkID: ", task.FrameworkId) is { } framework)
            {
                return framework;
            }

            // A task entry the master cannot read is skipped when the tasks are restored; one it can read is checked whole.
            if (ReadTaskInfo(task.TaskInfoJson) is not { } info)
            {
                continue;
            }

            if (Id("Task has an invalid TaskID: ", info.TaskId) is { } taskId)
            {
                return taskId;
            }

            // An agent reports its own tasks only: another agent's would be moved onto it in the master's books.
            if (info.AgentId != reregister.AgentId)
            {
                return IdValidation.IsValid(info.AgentId) ? $"Task has an invalid SlaveID '{info.AgentId}'" : "Task has an invalid SlaveID: " + IdValidation.Validate(info.AgentId);
            }
        }

        return null;
    }

    private static string? StatusUpdate(StatusUpdate update)
    {
        if (Id("Status update has an invalid FrameworkID: ", update.FrameworkId) is { } framework)
        {
            return framework;
        }

        // An update the master cannot read is dropped by the task books, as before; one it can read names a valid task.
        var parsed = TaskStatusJson.Parse(Encoding.UTF8.GetBytes(update.StatusJson));
        return parsed.Succeeded ? Id("Status update has an invalid TaskID: ", parsed.Value.TaskId) : null;
    }

    private static string? Id(string what, string id) => IdValidation.Validate(id) is { } error ? what + error : null;

    private static TaskInfoMessage? ReadTaskInfo(string json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        var parsed = TaskInfoMessage.Parse(json);
        return parsed.Succeeded ? parsed.Value : null;
    }
}

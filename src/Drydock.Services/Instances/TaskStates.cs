namespace Drydock.Services.Instances;

/// <summary>The Mesos task state names this scheduler reasons about.</summary>
internal static class TaskStates
{
    public const string Staging = "TASK_STAGING";
    public const string Starting = "TASK_STARTING";
    public const string Running = "TASK_RUNNING";
    public const string Killing = "TASK_KILLING";
    public const string Finished = "TASK_FINISHED";
    public const string Failed = "TASK_FAILED";
    public const string Killed = "TASK_KILLED";
    public const string Error = "TASK_ERROR";
    public const string Lost = "TASK_LOST";
    public const string Dropped = "TASK_DROPPED";
    public const string Unreachable = "TASK_UNREACHABLE";
    public const string Gone = "TASK_GONE";
    public const string GoneByOperator = "TASK_GONE_BY_OPERATOR";
    public const string Unknown = "TASK_UNKNOWN";

    public static bool IsTerminal(string state) => state is Finished or Failed or Killed or Error or Lost or Dropped or Gone or GoneByOperator or Unknown;
}

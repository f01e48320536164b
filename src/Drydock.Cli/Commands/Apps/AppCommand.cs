using System.CommandLine;

namespace Drydock.Cli.Commands.Apps;

/// <summary><c>drydock app …</c>: the apps of <c>drydock services</c> (or any Marathon), over its <c>/v2</c> API.</summary>
internal static class AppCommand
{
    public static Command Create() => new("app", "Apps of the service scheduler (drydock services, Marathon's /v2 API)")
    {
        AppAddCommand.Create(),
        AppListCommand.Create(),
        AppShowCommand.Create(),
        AppUpdateCommand.Create(),
        AppScaleCommand.Create(),
        AppRestartCommand.Create(),
        AppRemoveCommand.Create(),
        AppTasksCommand.Create(),
    };
}

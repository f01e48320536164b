using System.CommandLine;
using Drydock.Cli.Commands;

// Give a stopping master or agent time to finish cleanly before the command line gives up on it (exit 130).
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
return await DrydockCommand.Create().Parse(args).InvokeAsync(invocation);

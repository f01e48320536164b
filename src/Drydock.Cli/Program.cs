using System.CommandLine;
using Drydock.Cli.Commands;

// The master, the agent and the dev cluster handle SIGINT and SIGTERM themselves and stop cleanly with exit 0;
// the command line's own handling would race them and report 130 or 143.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await DrydockCommand.RunAsync(args, invocation);

using Drydock.Cli.Commands;

return await DrydockCommand.Create().Parse(args).InvokeAsync();

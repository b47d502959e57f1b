using System.CommandLine;
using Reelforge.Cli;

var root = new RootCommand("Reelforge: a self-hosted video generation server.")
{
    ServeCommand.Create(),
    WorkerCommand.Create(),
    RenderCommand.Create(),
    PlanCommand.Create(),
    KeysCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

using System.CommandLine;
using System.CommandLine.Invocation;
using Reelforge.Cli;

var root = new RootCommand("Reelforge: a self-hosted video generation server.")
{
    ServeCommand.Create(),
    WorkerCommand.Create(),
    RenderCommand.Create(),
    PlanCommand.Create(),
    KeysCommand.Create(),
    MigrateCommand.Create(),
    VideosCommand.Create(),
};
var parse = root.Parse(args);
var code = await parse.InvokeAsync();
// A command line that does not parse is a usage error: exit 2, as the commands' own checks do
// (System.CommandLine's default is 1, which `videos` keeps for errors the API answered).
return parse.Action is ParseErrorAction ? VideosCommand.Usage : code;

using Tournament.Cli;
using Tournament.Engine.Cli;

return await CliApplication.RunAsync(args, new CliConsole(System.Console.Out, System.Console.Error)).ConfigureAwait(false);

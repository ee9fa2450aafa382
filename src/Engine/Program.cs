using Tournament.Engine.Cli;

return await CliApplication.RunAsync(args, System.Console.Out, System.Console.Error).ConfigureAwait(false);

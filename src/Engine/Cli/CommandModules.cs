using System.CommandLine;
using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Cli;

namespace Tournament.Engine.Cli;

/// <summary>
/// Command modules: <c>&lt;folder&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c> assemblies with public <see cref="ICommandModule"/>
/// types, loaded like plugins (own load context, the contracts, System.CommandLine and Tournament.Inference shared
/// with the host). The default folder is <c>&lt;engine folder&gt;/commands</c>, where Tournament.Inference.Tooling
/// deploys itself. A module that fails to load is reported in one line on standard error; the host's own commands work.
/// </summary>
internal static class CommandModules
{
    private static readonly Type[] SharedTypes = [typeof(ICommandModule), typeof(Command), typeof(ILogger), typeof(IScorer)];

    /// <summary>The default folder: <c>commands</c> beside the engine.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "commands");

    /// <summary>Creates the commands of every module under <paramref name="folder"/>, in folder-name order.</summary>
    public static IEnumerable<Command> Create(string folder, CommandContext context)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var dir in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            var assemblyPath = Path.Combine(dir, name + ".dll");
            if (!File.Exists(assemblyPath))
            {
                continue;
            }

            IReadOnlyList<Command> commands;
            try
            {
                commands = Load(assemblyPath, context);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                context.Console.WriteWarning($"the command module {assemblyPath} failed to load: {(ex as TargetInvocationException)?.InnerException?.Message ?? ex.Message}");
                continue;
            }

            foreach (var command in commands)
            {
                yield return command;
            }
        }
    }

    private static List<Command> Load(string assemblyPath, CommandContext context)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config =>
        {
            config.PreferSharedTypes = true;
            config.SharedAssemblies.Add(new AssemblyName("Tournament.Inference"));
        });
        var assembly = loader.LoadDefaultAssembly();
        var modules = assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommandModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        var commands = new List<Command>();
        foreach (var type in modules)
        {
            var module = (ICommandModule)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.FullName} could not be created; a command module needs a public parameterless constructor."));
            commands.AddRange(module.CreateCommands(context));
        }

        return commands;
    }
}

namespace Tournament.Chain.Subtensor.Tests.EndToEnd;

/// <summary>
/// A plugins folder for the built engine (run through <see cref="TournamentCli"/>): the example mode's deployed plugin
/// and this build of the Subtensor plugin.
/// </summary>
internal static class SubtensorPlugins
{
    /// <summary>Builds <paramref name="folder"/>: the example mode's deployed plugin and the Subtensor plugin's build output.</summary>
    public static void Write(string folder)
    {
        Copy(Path.Combine(TournamentCli.EngineFolder, "plugins", "Tournament.Samples.Example"), Path.Combine(folder, "Tournament.Samples.Example"));
        Copy(Path.Combine(TournamentCli.RepoRoot, "plugins", "Chain.Subtensor", "bin", TournamentCli.BuildConfiguration, "net10.0"), Path.Combine(folder, "Tournament.Chain.Subtensor"));
    }

    private static void Copy(string source, string target)
    {
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"{source} is missing; build the test project (it builds the engine and the example plugin).");
        }

        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }
}

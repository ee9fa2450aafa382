namespace Tournament.Engine.Tests.Support;

/// <summary>Finds the fixture plugin builds (tests/Fixtures/*/bin/&lt;configuration&gt;/net10.0) and the engine's tournament.dll.</summary>
internal static class FixturePlugins
{
    public const string Good = "Tournament.Fixtures.Good";
    public const string Broken = "Tournament.Fixtures.Broken";
    public const string Duplicate = "Tournament.Fixtures.Duplicate";
    public const string HotReload = "Tournament.Fixtures.HotReload";
    public const string Duel = "Tournament.Fixtures.Duel";

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string BuildConfiguration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string OutputOf(string project)
    {
        var folder = Path.Combine(RepoRoot, "tests", "Fixtures", project, "bin", BuildConfiguration, "net10.0");
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"Fixture output {folder} is missing; build the test project.");
    }

    public static string EngineDll => Path.Combine(RepoRoot, "src", "Engine", "bin", BuildConfiguration, "net10.0", "tournament.dll");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(dir.FullName, "tests", "Fixtures")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}

using Tournament.TestSupport;

namespace Tournament.Engine.Tests.Support;

/// <summary>Finds the fixture plugin builds (tests/Fixtures/*/bin/&lt;configuration&gt;/net10.0) and the engine's tournament.dll.</summary>
internal static class FixturePlugins
{
    public const string Good = "Tournament.Fixtures.Good";
    public const string Broken = "Tournament.Fixtures.Broken";
    public const string Duplicate = "Tournament.Fixtures.Duplicate";
    public const string HotReload = "Tournament.Fixtures.HotReload";
    public const string Duel = "Tournament.Fixtures.Duel";

    public static string RepoRoot => TournamentCli.RepoRoot;

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string BuildConfiguration => TournamentCli.BuildConfiguration;

    public static string OutputOf(string project)
    {
        var folder = Path.Combine(RepoRoot, "tests", "Fixtures", project, "bin", BuildConfiguration, "net10.0");
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"Fixture output {folder} is missing; build the test project.");
    }

    public static string EngineDll => TournamentCli.EngineDll;
}

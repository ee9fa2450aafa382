using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Samples;

namespace Tournament.AlbedoDuel.Tests.Support;

/// <summary>The trajectory set shipped in samples/albedo-local/swe-trajectories, and copies of it tests may alter.</summary>
internal static class ShippedCorpus
{
    /// <summary>Printed by tools/SweTrajectorySample; pinned here and in samples/albedo-local/tournament.json.</summary>
    public const string ManifestSha256 = "08c762fdf0d91373e91e65f2a6b42216405a71d26f188170c2df704af39cabb0";

    public static string Folder { get; } = Path.Combine(RepoRoot(), "samples", "albedo-local", "swe-trajectories");

    public static string ManifestPath => Path.Combine(Folder, "manifest.json");

    public static ParquetTrajectoryShards Shards() =>
        new(Folder, TrajectoryManifest.Load(ManifestPath, ManifestSha256), 1 << 24);

    public static SweTrajectoriesPromptSource Source(string manifestPath, string sha, int count = 64) =>
        new(new SweTrajectoriesOptions { ManifestPath = manifestPath, ManifestSha256 = sha, Count = count }, new HostEnvironment(Folder, Path.GetTempPath()));

    /// <summary>A fresh temporary copy of the shipped folder.</summary>
    public static string CopyToTemp()
    {
        var target = Path.Combine(Path.GetTempPath(), $"albedo-corpus-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Folder))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tournament.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Tournament.sln not found above the test folder.");
    }
}

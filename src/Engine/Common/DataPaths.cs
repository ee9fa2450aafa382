using Tournament.Abstractions;

namespace Tournament.Engine.Common;

/// <summary>Resolves a file or folder named by component options, defaulting to a name under the data directory.</summary>
internal static class DataPaths
{
    /// <summary>The configured path resolved against the configuration folder, or <paramref name="defaultName"/> under the data directory.</summary>
    /// <param name="environment">The host environment.</param>
    /// <param name="configured">The path from options, or null.</param>
    /// <param name="defaultName">The default file or folder name under <see cref="HostEnvironment.DataDirectory"/>.</param>
    public static string Resolve(HostEnvironment environment, string? configured, string defaultName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(Path.Combine(environment.ResolvePath(environment.DataDirectory), defaultName))
            : environment.ResolvePath(configured);
    }

    /// <summary>Creates the parent folder of a file when missing.</summary>
    /// <param name="filePath">The file.</param>
    public static void EnsureParentExists(string filePath)
    {
        var parent = Path.GetDirectoryName(filePath);
        if (!string.IsNullOrEmpty(parent))
        {
            Directory.CreateDirectory(parent);
        }
    }
}

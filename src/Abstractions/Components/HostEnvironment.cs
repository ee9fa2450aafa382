namespace Tournament.Abstractions;

/// <summary>
/// Facts about the running host that components may need, available from the service provider. Relative paths in
/// component options are resolved against the configuration file's folder with <see cref="ResolvePath"/>.
/// </summary>
/// <param name="ConfigDirectory">The folder of the configuration file.</param>
/// <param name="DataDirectory">A writable folder for caches and state when options give none (default <c>.tournament</c> beside the configuration).</param>
public sealed record HostEnvironment(string ConfigDirectory, string DataDirectory)
{
    /// <summary>Resolves a path from options: absolute paths stay, relative ones are taken from <see cref="ConfigDirectory"/>.</summary>
    /// <param name="path">The path.</param>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(ConfigDirectory, path));
    }
}

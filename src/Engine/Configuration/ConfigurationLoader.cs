using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Tournament.Abstractions;

namespace Tournament.Engine.Configuration;

/// <summary>
/// Reads the configuration file (JSON with comments and trailing commas) and the <c>TOURNAMENT_</c> environment
/// variables (<c>__</c> separates levels: <c>TOURNAMENT_Tournament__Mode=albedo</c>), then binds the
/// <c>Tournament</c> section.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>The prefix of environment variables that override the file.</summary>
    public const string EnvironmentPrefix = "TOURNAMENT_";

    /// <summary>The largest configuration file accepted.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Loads a configuration file.</summary>
    /// <param name="configPath">The file.</param>
    /// <param name="environment">Environment variables; null reads the process environment.</param>
    /// <exception cref="ConfigurationException">The file is missing, too large or not valid JSON.</exception>
    public static LoadedConfiguration Load(string configPath, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configPath);
        var fullPath = Path.GetFullPath(configPath);
        CheckFile(configPath, fullPath);

        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder()
                .AddJsonFile(fullPath, optional: false, reloadOnChange: false)
                .AddInMemoryCollection(MapEnvironment(environment ?? ReadProcessEnvironment()))
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            // JsonDocument accepted the file, so what is left is what the configuration provider refuses (duplicate keys).
            throw new ConfigurationException(configPath, (ex.InnerException ?? ex).Message);
        }

        var configDirectory = Path.GetDirectoryName(fullPath)!;
        var problems = new List<ConfigurationProblem>();
        var section = root.GetSection("Tournament");
        if (!section.Exists())
        {
            problems.Add(new("Tournament", "Required: the configuration needs a \"Tournament\" section with Mode and Modes."));
        }

        var settings = (TournamentSettings?)OptionsBinder.BindBestEffort(section, typeof(TournamentSettings), problems) ?? new TournamentSettings();
        foreach (var child in root.GetChildren())
        {
            if (child.Key is not ("Tournament" or "Components" or "Logging"))
            {
                problems.Add(new(child.Path, $"Unknown top-level section '{child.Key}'; known sections: Components, Logging, Tournament."));
            }
        }

        var dataDirectory = Path.GetFullPath(Path.Combine(configDirectory, string.IsNullOrWhiteSpace(settings.DataDirectory) ? ".tournament" : settings.DataDirectory));
        if (DataDirectoryProblem(dataDirectory) is { } unusable)
        {
            problems.Add(new("Tournament:DataDirectory", unusable));
        }

        var pluginsConfigured = !string.IsNullOrWhiteSpace(settings.PluginsPath);
        var pluginsPath = pluginsConfigured
            ? Path.GetFullPath(Path.Combine(configDirectory, settings.PluginsPath!))
            : Path.Combine(AppContext.BaseDirectory, "plugins");
        if (pluginsConfigured && !Directory.Exists(pluginsPath))
        {
            problems.Add(new("Tournament:PluginsPath", $"The plugins folder '{pluginsPath}' does not exist; create it or fix the path (relative paths start at the configuration file's folder)."));
        }

        return new LoadedConfiguration(fullPath, root, settings, new HostEnvironment(configDirectory, dataDirectory), pluginsPath, pluginsConfigured, problems);
    }

    /// <summary>
    /// Why the data folder cannot be used, or null: a file stands in its way, or the folder (or the nearest existing
    /// folder above it, where it will be created) refuses a new file. Probed with a temporary file, removed at once.
    /// </summary>
    private static string? DataDirectoryProblem(string dataDirectory)
    {
        var existing = new DirectoryInfo(dataDirectory);
        while (!existing.Exists)
        {
            if (File.Exists(existing.FullName))
            {
                return $"The data folder '{dataDirectory}' cannot be created: '{existing.FullName}' is a file; point DataDirectory at a folder.";
            }

            if (existing.Parent is not { } parent)
            {
                break;
            }

            existing = parent;
        }

        var probe = Path.Combine(existing.FullName, $".tournament-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"The data folder '{dataDirectory}' is not writable ({ex.Message}); fix its permissions or point DataDirectory at a writable folder.";
        }
    }

    private static void CheckFile(string shownPath, string fullPath)
    {
        var file = new FileInfo(fullPath);
        if (!file.Exists)
        {
            throw new ConfigurationException(shownPath, "The configuration file does not exist; pass the path of a JSON file with --config.");
        }

        if (file.Length > MaxFileBytes)
        {
            throw new ConfigurationException(shownPath, $"The configuration file is {file.Length} bytes; at most {MaxFileBytes} are accepted.");
        }

        var bytes = File.ReadAllBytes(fullPath);
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException(shownPath, $"The configuration must be a JSON object, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            throw new ConfigurationException(shownPath, $"Malformed JSON at line {line}, position {position}: {CleanJsonMessage(ex.Message)}");
        }
    }

    private static string CleanJsonMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut > 0 ? message[..cut] : message).Trim();
        return text.EndsWith('.') ? text : text + ".";
    }

    private static Dictionary<string, string?> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }

    private static IEnumerable<KeyValuePair<string, string?>> MapEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        environment
            .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && e.Key.Length > EnvironmentPrefix.Length)
            .Select(e => KeyValuePair.Create(e.Key[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), e.Value));
}

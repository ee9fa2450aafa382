using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tournament.Engine.Tests.Support;

/// <summary>A temporary folder with a plugins folder and a configuration file; deleted on dispose.</summary>
internal sealed class TestWorkspace : IDisposable
{
    public TestWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "tournament-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(PluginsPath);
    }

    public string Root { get; }

    public string PluginsPath => Path.Combine(Root, "plugins");

    public string ConfigPath => Path.Combine(Root, "tournament.json");

    public string DataDirectory => Path.Combine(Root, ".tournament");

    /// <summary>Copies a fixture project's build into plugins/&lt;assemblyName&gt;/.</summary>
    public string AddPlugin(string project, string assemblyName)
    {
        var target = Path.Combine(PluginsPath, assemblyName);
        CopyFolder(FixturePlugins.OutputOf(project), target);
        return target;
    }

    public void AddGoodPlugin() => AddPlugin("Fixtures.Good", FixturePlugins.Good);

    public static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    public string WriteConfig(string json)
    {
        File.WriteAllText(ConfigPath, json);
        return ConfigPath;
    }

    /// <summary>A valid configuration using the good fixture's components, changed by <paramref name="edit"/>.</summary>
    public string WriteValidConfig(Action<JsonObject>? edit = null)
    {
        var root = JsonNode.Parse(ValidConfig)!.AsObject();
        edit?.Invoke(root);
        return WriteConfig(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Replaces paths that differ between machines and runs with stable tokens.</summary>
    public string Normalize(string text) =>
        text.Replace(Root, "<workspace>", StringComparison.Ordinal).Replace('\\', '/');

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A plugin loader may still hold a file briefly; the OS temp cleaner takes the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public const string ValidConfig = """
        {
          "Tournament": {
            "Mode": "example",
            "PluginsPath": "plugins",
            "HotReload": false,
            "Chain": "fixture-chain",
            "State": "fixture-state",
            "Storage": [ "fixture-storage" ],
            "Modes": {
              "example": {
                "PromptSource": "fixture-prompts",
                "Scorer": "fixture-scorer",
                "KingRule": "fixture-king",
                "Checks": [ "fixture-check" ]
              }
            }
          },
          "Components": {
            "fixture-scorer": { "TopK": 32, "Corpus": "corpus" }
          }
        }
        """;
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tournament.Chain.Subtensor.Tests.Support;

/// <summary>
/// Installs tools/substrate-reference from npm when missing (pinned by its package-lock.json; serialised by a file lock
/// so parallel test classes and processes do not race; the same pattern as the Qwen3 tokenizer fixture) and runs its
/// reference.mjs (the independent @polkadot/@scure implementations) as one long-lived process for the test run.
/// </summary>
public sealed class SubstrateReferenceFixture : IDisposable
{
    private readonly object _gate = new();
    private Process? _server;

    public SubstrateReferenceFixture()
    {
        ToolFolder = FindToolFolder()
            ?? throw new InvalidOperationException("tools/substrate-reference/package.json was not found above the test output folder; run the tests from a clone of the repository.");
        EnsureInstalled();
    }

    /// <summary>The tools/substrate-reference folder.</summary>
    public string ToolFolder { get; }

    /// <summary>Runs <paramref name="operations"/> in the long-lived reference.mjs process and returns one result per operation.</summary>
    public JsonArray Run(params object[] operations)
    {
        lock (_gate)
        {
            _server ??= StartServer();
            _server.StandardInput.WriteLine(JsonSerializer.Serialize(operations));
            _server.StandardInput.Flush();
            string? line = _server.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException("The Substrate reference process exited: " + _server.StandardError.ReadToEnd());
            JsonObject reply = JsonNode.Parse(line)!.AsObject();
            return reply["ok"]?.AsArray() ?? throw new InvalidOperationException("The Substrate reference failed: " + (string?)reply["error"]);
        }
    }

    public void Dispose()
    {
        if (_server is not null)
        {
            _server.StandardInput.Close();
            if (!_server.WaitForExit(10_000))
            {
                _server.Kill(entireProcessTree: true);
            }

            _server.Dispose();
        }
    }

    private Process StartServer()
    {
        ProcessStartInfo psi = new("node") { WorkingDirectory = ToolFolder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(ToolFolder, "reference.mjs"));
        psi.ArgumentList.Add("--serve");
        Process process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node for the Substrate reference.");
        process.ErrorDataReceived += (_, _) => { }; // @polkadot warnings go to stderr; drain it so the pipe never fills.
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The path of a file under the test output's Fixtures folder.</summary>
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static string? FindToolFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string folder = Path.Combine(dir.FullName, "tools", "substrate-reference");
            if (File.Exists(Path.Combine(folder, "package.json")))
            {
                return folder;
            }
        }

        return null;
    }

    /// <summary>The project's one npm fixture (tests/TestSupport/NpmTool.cs) installs it.</summary>
    private void EnsureInstalled() => NpmTool.EnsureInstalled(ToolFolder, IsInstalled);

    private bool IsInstalled()
        => File.Exists(Path.Combine(ToolFolder, "node_modules", "@polkadot", "types", "package.json"))
           && File.Exists(Path.Combine(ToolFolder, "node_modules", "@scure", "sr25519", "package.json"));
}

[CollectionDefinition(Name)]
public sealed class SubstrateReferenceGroup : ICollectionFixture<SubstrateReferenceFixture>
{
    public const string Name = "substrate-reference";
}

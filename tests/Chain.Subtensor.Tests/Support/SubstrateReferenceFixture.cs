using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
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

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

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

    private void EnsureInstalled()
    {
        if (IsInstalled())
        {
            return;
        }

        string lockPath = Path.Combine(Path.GetTempPath(), "tournament-substrate-npm-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ToolFolder)))[..16] + ".lock");
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using FileStream held = new(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (!IsInstalled())
                {
                    RunProcess("npm", ["ci", "--prefix", ToolFolder, "--no-audit", "--no-fund"], ToolFolder, InstallTimeout);
                }

                return;
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                Thread.Sleep(500);
            }
        }
    }

    private bool IsInstalled()
        => File.Exists(Path.Combine(ToolFolder, "node_modules", "@polkadot", "types", "package.json"))
           && File.Exists(Path.Combine(ToolFolder, "node_modules", "@scure", "sr25519", "package.json"));

    private static void RunProcess(string program, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        ProcessStartInfo psi = new(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{program}' is not installed or not on PATH; the Subtensor reference tests need Node.js 18+ and npm (they run 'npm ci --prefix tools/substrate-reference').", ex);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"'{program} {string.Join(' ', psi.ArgumentList)}' did not finish within {timeout.TotalMinutes} minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{program} {string.Join(' ', psi.ArgumentList)}' failed with exit code {process.ExitCode}: {stderr.Result}{stdout.Result}");
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SubstrateReferenceGroup : ICollectionFixture<SubstrateReferenceFixture>
{
    public const string Name = "substrate-reference";
}

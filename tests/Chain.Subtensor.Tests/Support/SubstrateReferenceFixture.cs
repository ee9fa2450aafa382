using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tournament.Chain.Subtensor.Tests.Support;

/// <summary>
/// Installs tools/substrate-reference from npm when missing (pinned by its package-lock.json; serialised by a file lock
/// so parallel test classes and processes do not race; the same pattern as the Qwen3 tokenizer fixture) and runs its
/// reference.mjs, the independent @polkadot implementation, over a batch of operations.
/// </summary>
public sealed class SubstrateReferenceFixture
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    public SubstrateReferenceFixture()
    {
        ToolFolder = FindToolFolder()
            ?? throw new InvalidOperationException("tools/substrate-reference/package.json was not found above the test output folder; run the tests from a clone of the repository.");
        EnsureInstalled();
    }

    /// <summary>The tools/substrate-reference folder.</summary>
    public string ToolFolder { get; }

    /// <summary>Runs reference.mjs over <paramref name="operations"/> and returns one result per operation.</summary>
    public JsonArray Run(params object[] operations)
    {
        string dir = Directory.CreateTempSubdirectory("substrate-ref-").FullName;
        try
        {
            string input = Path.Combine(dir, "in.json"), output = Path.Combine(dir, "out.json");
            File.WriteAllText(input, JsonSerializer.Serialize(operations), new UTF8Encoding(false));
            RunProcess("node", [Path.Combine(ToolFolder, "reference.mjs"), input, output], ToolFolder, TimeSpan.FromMinutes(5));
            return JsonNode.Parse(File.ReadAllText(output))!.AsArray();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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

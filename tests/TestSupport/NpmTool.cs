using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Tournament.TestSupport;

/// <summary>
/// A tools/&lt;name&gt; folder of pinned npm packages (package.json + package-lock.json) that the reference tests need:
/// installed with <c>npm ci</c> on first use, serialised by a file lock so parallel test classes and processes do not
/// race, and its node scripts run as child processes.
/// </summary>
public static class NpmTool
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    public static void EnsureInstalled(string toolFolder, Func<bool> isInstalled)
    {
        if (isInstalled())
        {
            return;
        }

        string lockPath = Path.Combine(Path.GetTempPath(), "tournament-npm-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(toolFolder)))[..16] + ".lock");
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using FileStream held = new(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (!isInstalled())
                {
                    Run("npm", ["ci", "--prefix", toolFolder, "--no-audit", "--no-fund"], toolFolder, InstallTimeout);
                }

                return;
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>Runs <paramref name="program"/> and returns its standard output; a non-zero exit or a timeout throws.</summary>
    public static string Run(string program, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo psi = new(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{program}' is not installed or not on PATH; the reference tests need Node.js 18+ and npm (they run 'npm ci --prefix {workingDirectory}').", ex);
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

            return stdout.Result;
        }
    }
}

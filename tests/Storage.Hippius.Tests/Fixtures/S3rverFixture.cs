using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tournament.Storage.Hippius.Tests.Fixtures;

/// <summary>
/// Starts the real <c>s3rver</c> (npm, pinned by <c>s3rver/package.json</c> + lock file) on 127.0.0.1 with a fresh data
/// folder and the bucket <see cref="Bucket"/>. Installs it with <c>npm ci</c> when missing (guarded by a file lock so
/// parallel test runs install once). Killed on dispose.
/// </summary>
public sealed partial class S3rverFixture : IAsyncLifetime, IDisposable
{
    public const string Bucket = "tournament";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly TempFolder _data = new();
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var folder = PackageFolder();
        var script = Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js");
        await EnsureInstalledAsync(folder, script);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { script, "--address", "127.0.0.1", "--port", "0", "--directory", _data.Path, "--silent", "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("The S3 tests need Node.js ('node') on PATH to run s3rver; install it and re-run.", ex);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"s3rver exited before listening: {await _process.StandardError.ReadToEndAsync(timeout.Token)}");
            var match = ListeningPattern().Match(line);
            if (match.Success)
            {
                Endpoint = new Uri($"http://127.0.0.1:{match.Groups[1].Value}/");
                // Keep draining both pipes so a chatty server can never block on a full pipe.
                _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
                return;
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _data.Dispose();

    private static async Task EnsureInstalledAsync(string folder, string script)
    {
        if (File.Exists(script))
        {
            return;
        }

        await using var gate = await AcquireLockAsync(Path.Combine(folder, ".install.lock"));
        if (File.Exists(script))
        {
            return;
        }

        var npm = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--prefix", folder })
        {
            npm.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(npm)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("The S3 tests need Node.js and npm on PATH to install s3rver (tests/Storage.Hippius.Tests/s3rver); install them and re-run.", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || !File.Exists(script))
            {
                throw new InvalidOperationException($"'npm ci' in {folder} failed ({process.ExitCode}): {await stderr}");
            }
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }

    private static string PackageFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Storage.Hippius.Tests", "s3rver");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Storage.Hippius.Tests/s3rver/package.json was not found above the test output folder.");
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningPattern();
}

[CollectionDefinition(Name)]
public sealed class S3rverGroup : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}

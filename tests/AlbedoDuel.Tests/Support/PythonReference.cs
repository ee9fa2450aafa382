using System.Diagnostics;

namespace Tournament.AlbedoDuel.Tests.Support;

/// <summary>Runs an independent standard-library Python reference shipped beside the tests and returns its stdout lines.</summary>
internal static class PythonReference
{
    public static async Task<string[]> RunAsync(string script, string inputJson)
    {
        var input = Path.Combine(Path.GetTempPath(), $"albedo-ref-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, inputJson);
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, script));
            start.ArgumentList.Add(input);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"python3 {script} failed: {await stderr}");
            return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            File.Delete(input);
        }
    }
}

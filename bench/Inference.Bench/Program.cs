using System.Diagnostics;
using System.Globalization;
using Tournament.Abstractions;
using Tournament.Inference.Hashing;
using Tournament.Inference.Safetensors;

// Usage: Inference.Bench hash [--size-mb N] [--tensors N] [--file PATH] [--runs N]
// Measures the content hash (per-tensor SHA-256 over the memory mapping, parallel across tensors) against
// `sha256sum` of the same file, in the same run, warm page cache for both (each is run once before timing).
var options = ParseArgs(args);
if (options.Command != "hash")
{
    Console.Error.WriteLine("usage: Inference.Bench hash [--size-mb 1024] [--tensors 64] [--file PATH] [--runs 3]");
    return 2;
}

var folder = Path.Combine(Path.GetTempPath(), "inference-bench-" + Guid.NewGuid().ToString("N"));
var file = options.File;
if (file is null)
{
    Directory.CreateDirectory(folder);
    file = Path.Combine(folder, "model.safetensors");
    CreateFile(file, options.SizeMb, options.Tensors);
}

try
{
    var bytes = new FileInfo(file).Length;
    var modelFolder = Path.GetDirectoryName(Path.GetFullPath(file))!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"file: {file} ({bytes / 1e9:F3} GB), cores: {Environment.ProcessorCount}"));

    Time(() => ContentHash.Compute(modelFolder));
    Time(() => Sha256Sum(file));
    var ours = Enumerable.Range(0, options.Runs).Select(_ => Time(() => ContentHash.Compute(modelFolder))).Min();
    var theirs = Enumerable.Range(0, options.Runs).Select(_ => Time(() => Sha256Sum(file))).Min();
    var oursGbs = bytes / 1e9 / ours;
    var theirsGbs = bytes / 1e9 / theirs;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"content hash: {ours:F3} s  {oursGbs:F2} GB/s  (best of {options.Runs})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sha256sum:    {theirs:F3} s  {theirsGbs:F2} GB/s  (best of {options.Runs})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (content hash / sha256sum throughput): {oursGbs / theirsGbs:F2}"));
    return 0;
}
finally
{
    if (options.File is null)
    {
        Directory.Delete(folder, recursive: true);
    }
}

static double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalSeconds;
}

static void Sha256Sum(string path)
{
    using var process = Process.Start(new ProcessStartInfo("sha256sum", [path]) { RedirectStandardOutput = true })!;
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException("sha256sum failed.");
    }
}

static void CreateFile(string path, int sizeMb, int tensors)
{
    var writer = new SafetensorsWriter();
    var elementsPerTensor = (long)sizeMb * (1 << 20) / 2 / tensors;
    for (var i = 0; i < tensors; i++)
    {
        var seed = i;
        writer.Add(string.Create(CultureInfo.InvariantCulture, $"model.layers.{i}.weight"), SafetensorsDType.BF16, [elementsPerTensor], stream =>
        {
            var random = new Random(seed);
            var buffer = new byte[1 << 22];
            for (var left = elementsPerTensor * 2; left > 0; left -= buffer.Length)
            {
                random.NextBytes(buffer);
                stream.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
            }
        });
    }

    writer.Write(path);
}

static (string Command, int SizeMb, int Tensors, string? File, int Runs) ParseArgs(string[] args)
{
    var command = args.FirstOrDefault() ?? string.Empty;
    int sizeMb = 1024, tensors = 64, runs = 3;
    string? file = null;
    for (var i = 1; i < args.Length - 1; i += 2)
    {
        switch (args[i])
        {
            case "--size-mb": sizeMb = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--tensors": tensors = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--file": file = args[i + 1]; break;
            default: throw new ArgumentException($"Unknown option {args[i]}.");
        }
    }

    return (command, sizeMb, tensors, file, runs);
}

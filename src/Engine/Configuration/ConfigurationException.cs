namespace Tournament.Engine.Configuration;

/// <summary>
/// The configuration cannot be used. Carries every problem found (not only the first); the CLI prints each one on
/// its own line and exits with code 2.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    /// <param name="problems">At least one problem.</param>
    public ConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception from one problem.</summary>
    /// <param name="path">The key path.</param>
    /// <param name="message">The sentence.</param>
    public ConfigurationException(string path, string message)
        : this([new ConfigurationProblem(path, message)])
    {
    }

    /// <summary>Creates the exception from a message (prefer the problem list).</summary>
    public ConfigurationException()
        : this("configuration", "The configuration is invalid.")
    {
    }

    /// <summary>Creates the exception from a message (prefer the problem list).</summary>
    /// <param name="message">The message.</param>
    public ConfigurationException(string message)
        : this("configuration", message)
    {
    }

    /// <summary>Creates the exception from a message and cause (prefer the problem list).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new ConfigurationProblem("configuration", message)];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? problems[0].ToString()
            : $"The configuration has {problems.Count} problems:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}";
    }
}

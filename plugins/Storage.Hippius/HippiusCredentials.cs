namespace Tournament.Plugins.Storage.Hippius;

/// <summary>Reads an environment variable (injectable so tests never touch the process environment).</summary>
internal interface IEnvironmentReader
{
    /// <summary>The variable's value, or null.</summary>
    string? Get(string name);
}

/// <summary>The process environment.</summary>
internal sealed class ProcessEnvironment : IEnvironmentReader
{
    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>
/// Secrets, from the environment only: S3 keys from <c>HIPPIUS_ACCESS_KEY_ID</c>/<c>HIPPIUS_SECRET_ACCESS_KEY</c>
/// (falling back to <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>), the registry bearer token from
/// <c>HIPPIUS_REGISTRY_TOKEN</c>, the registry account from <c>HIPPIUS_REGISTRY_USERNAME</c>/<c>HIPPIUS_REGISTRY_PASSWORD</c>
/// (both or neither). <see cref="ToString"/> never shows them.
/// </summary>
internal sealed class HippiusCredentials
{
    public const string AccessKeyVariable = "HIPPIUS_ACCESS_KEY_ID";
    public const string SecretKeyVariable = "HIPPIUS_SECRET_ACCESS_KEY";
    public const string AwsAccessKeyVariable = "AWS_ACCESS_KEY_ID";
    public const string AwsSecretKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string RegistryTokenVariable = "HIPPIUS_REGISTRY_TOKEN";
    public const string RegistryUsernameVariable = "HIPPIUS_REGISTRY_USERNAME";
    public const string RegistryPasswordVariable = "HIPPIUS_REGISTRY_PASSWORD";

    private HippiusCredentials(string? accessKeyId, string? secretAccessKey, string? registryToken, string? registryUsername, string? registryPassword)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        RegistryToken = registryToken;
        RegistryUsername = registryUsername;
        RegistryPassword = registryPassword;
    }

    /// <summary>The registry account for token requests and Basic challenges (only with <see cref="RegistryPassword"/>).</summary>
    public string? RegistryUsername { get; }

    public string? RegistryPassword { get; }

    public string? AccessKeyId { get; }

    public string? SecretAccessKey { get; }

    public string? RegistryToken { get; }

    public bool HasS3Keys => AccessKeyId is not null && SecretAccessKey is not null;

    public static HippiusCredentials From(IEnvironmentReader environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (id, secret) = Pair(environment, AccessKeyVariable, SecretKeyVariable);
        if (id is null || secret is null)
        {
            (id, secret) = Pair(environment, AwsAccessKeyVariable, AwsSecretKeyVariable);
        }

        var (user, password) = Pair(environment, RegistryUsernameVariable, RegistryPasswordVariable);
        return user is null || password is null
            ? new HippiusCredentials(id, secret, NonBlank(environment.Get(RegistryTokenVariable)), null, null)
            : new HippiusCredentials(id, secret, NonBlank(environment.Get(RegistryTokenVariable)), user, password);
    }

    public override string ToString() =>
        $"S3 keys: {(HasS3Keys ? "set" : "not set")}; registry token: {(RegistryToken is null ? "not set" : "set")}; registry account: {(RegistryUsername is null ? "not set" : "set")}";

    private static (string? Id, string? Secret) Pair(IEnvironmentReader environment, string idName, string secretName) =>
        (NonBlank(environment.Get(idName)), NonBlank(environment.Get(secretName)));

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using Microsoft.Extensions.Configuration;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>The options resolved against the environment: endpoint, cache folder and token.</summary>
internal sealed class HubSettings
{
    private HubSettings(Uri endpoint, string cacheDirectory, string? token)
    {
        Endpoint = endpoint;
        CacheDirectory = cacheDirectory;
        Token = token;
    }

    public Uri Endpoint { get; }

    public string CacheDirectory { get; }

    /// <summary>The bearer token; never logged, never put in a message.</summary>
    public string? Token { get; }

    public static HubSettings Resolve(HuggingFaceOptions options, IConfiguration configuration, HostEnvironment? host)
    {
        var endpointText = options.Endpoint ?? NonEmpty(configuration["HF_ENDPOINT"]) ?? HubEndpoint.Default;
        if (!HubEndpoint.TryParse(endpointText, out var endpoint))
        {
            throw new InvalidOperationException($"The HuggingFace endpoint '{endpointText}' is not an absolute http(s) URL; fix HF_ENDPOINT or Components:huggingface:Endpoint.");
        }

        string cache;
        if (options.CacheDirectory is { Length: > 0 } configured)
        {
            cache = host?.ResolvePath(configured) ?? Path.GetFullPath(configured);
        }
        else if (NonEmpty(configuration["HF_HUB_CACHE"]) is { } hubCache)
        {
            cache = Path.GetFullPath(hubCache);
        }
        else if (NonEmpty(configuration["HF_HOME"]) is { } home)
        {
            cache = Path.GetFullPath(Path.Combine(home, "hub"));
        }
        else
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface", "hub");
        }

        return new HubSettings(endpoint!, cache, NonEmpty(configuration["HF_TOKEN"])?.Trim());
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

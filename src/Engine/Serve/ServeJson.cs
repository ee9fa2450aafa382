using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Tournament.Engine.Serve;

/// <summary>The API's JSON: web defaults (camelCase), NaN and infinities as strings, every body bounded in size.</summary>
internal static class ServeJson
{
    /// <summary>No API response is larger than this; the page bounds keep every real one far below.</summary>
    public const int MaxResponseBytes = 8 << 20;

    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        return options;
    }

    /// <summary>A 200 JSON response, or a 500 problem when the body would pass <see cref="MaxResponseBytes"/>.</summary>
    public static IResult Ok<T>(T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        return bytes.Length > MaxResponseBytes
            ? ApiProblems.Problem(StatusCodes.Status500InternalServerError, $"The response would exceed {MaxResponseBytes >> 20} MiB; ask for a smaller page.")
            : TypedResults.Bytes(bytes, "application/json; charset=utf-8");
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tournament.Engine.Console;

/// <summary>Writes command results as JSON (camelCase, indented, enums as strings) for <c>--json</c> output.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static void Write<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Serialize(value));
        writer.Flush();
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tournament.Inference.ChatTemplates;

/// <summary>Turns a JSON render context into values the way the reference sees a parsed JavaScript object: whole
/// numbers are integers, and an object's array-index keys ("0", "1", ...) come first in ascending order, then the
/// other keys in insertion order (JavaScript's property order, which tojson then prints).</summary>
internal static class ContextValues
{
    public static JinjaValue From(JsonNode? node, int depth = 0)
    {
        if (depth > 256)
        {
            throw new ChatTemplateException("Chat template error: the render context nests deeper than 256 levels.");
        }

        switch (node)
        {
            case null:
                return NullValue.Instance;
            case JsonArray array:
                return new ArrayValue([.. array.Select(x => From(x, depth + 1))]);
            case JsonObject obj:
                {
                    MapValue map = MapValue.Create();
                    foreach ((string key, JsonNode? value) in Ordered(obj.Select(p => p.Key)).Select(k => (k, obj[k])))
                    {
                        map.Entries[key] = From(value, depth + 1);
                    }

                    return map;
                }

            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => new StringValue(value.GetValue<string>()),
                    JsonValueKind.True => BooleanValue.True,
                    JsonValueKind.False => BooleanValue.False,
                    JsonValueKind.Number => Number(value.ToJsonString()),
                    _ => NullValue.Instance,
                };
            default:
                return NullValue.Instance;
        }
    }

    private static NumberValue Number(string literal)
    {
        double d = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new NumberValue(d, double.IsFinite(d) && Math.Floor(d) == d);
    }

    private static IEnumerable<string> Ordered(IEnumerable<string> keys)
    {
        List<string> all = [.. keys];
        IEnumerable<string> indexes = all.Where(IsArrayIndex).OrderBy(k => uint.Parse(k, CultureInfo.InvariantCulture));
        return indexes.Concat(all.Where(k => !IsArrayIndex(k)));
    }

    private static bool IsArrayIndex(string key)
        => key.Length > 0 && key.Length <= 10 && key.All(char.IsAsciiDigit) && (key == "0" || key[0] != '0')
           && ulong.Parse(key, CultureInfo.InvariantCulture) < uint.MaxValue;
}

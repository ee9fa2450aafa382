using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace Tournament.Engine.Configuration;

/// <summary>
/// Compares a configuration section with the type it binds to, before binding: unknown keys, values that cannot be
/// converted, objects where a value is expected and the reverse. Reports every problem with its key path.
/// </summary>
internal static class ConfigurationShape
{
    private const int MaxDepth = 32;

    public static void Check(Microsoft.Extensions.Configuration.IConfigurationSection section, Type type, List<ConfigurationProblem> problems) =>
        Check(section, type, problems, 0);

    public static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Guid) || t == typeof(Uri);
    }

    public static Type? DictionaryValueType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        foreach (var candidate in (Type[])[type, .. type.GetInterfaces()])
        {
            if (candidate.IsGenericType)
            {
                var definition = candidate.GetGenericTypeDefinition();
                if ((definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>))
                    && candidate.GetGenericArguments()[0] == typeof(string))
                {
                    return candidate.GetGenericArguments()[1];
                }
            }
        }

        return null;
    }

    public static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in (Type[])[type, .. type.GetInterfaces()])
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    public static IReadOnlyDictionary<string, PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
            .Where(p => p.SetMethod is { IsPublic: true } || !IsScalar(p.PropertyType))
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    private static void Check(Microsoft.Extensions.Configuration.IConfigurationSection section, Type type, List<ConfigurationProblem> problems, int depth)
    {
        if (depth > MaxDepth)
        {
            problems.Add(new(section.Path, $"The section nests deeper than {MaxDepth} levels."));
            return;
        }

        var children = section.GetChildren().ToList();
        if (IsScalar(type))
        {
            if (children.Count > 0)
            {
                problems.Add(new(section.Path, $"Expected a single {Describe(type)} value, found an object or a list."));
            }
            else if (section.Value is { } value)
            {
                CheckConvertible(section.Path, value, type, problems);
            }

            return;
        }

        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                problems.Add(new(section.Path, $"Expected {(ElementType(type) is not null && DictionaryValueType(type) is null ? "a list" : "an object")}, found the value '{Truncate(section.Value)}'."));
            }

            return;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            foreach (var child in children)
            {
                Check(child, valueType, problems, depth + 1);
            }

            return;
        }

        if (ElementType(type) is { } elementType)
        {
            foreach (var child in children)
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add(new(child.Path, "Expected a list, found an object key."));
                    continue;
                }

                Check(child, elementType, problems, depth + 1);
            }

            return;
        }

        var properties = BindableProperties(type);
        foreach (var child in children)
        {
            if (properties.TryGetValue(child.Key, out var property))
            {
                Check(child, property.PropertyType, problems, depth + 1);
            }
            else
            {
                var known = properties.Keys.Order(StringComparer.Ordinal).ToList();
                problems.Add(new(child.Path, known.Count == 0
                    ? $"Unknown key '{child.Key}'; this section takes no keys."
                    : $"Unknown key '{child.Key}'; known keys: {string.Join(", ", known)}."));
            }
        }
    }

    private static void CheckConvertible(string path, string value, Type type, List<ConfigurationProblem> problems)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string) || (value.Length == 0 && Nullable.GetUnderlyingType(type) is not null))
        {
            return;
        }

        try
        {
            var converted = TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
            if (converted is null)
            {
                throw new FormatException();
            }
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            var expected = target.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(target))}" : $"a valid {Describe(target)}";
            problems.Add(new(path, $"'{Truncate(value)}' is not {expected}."));
        }
    }

    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(bool) ? "boolean (true or false)"
            : t == typeof(int) || t == typeof(long) || t == typeof(short) ? "integer"
            : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "number"
            : t == typeof(TimeSpan) ? "duration (hh:mm:ss)"
            : t.Name;
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Tournament.Engine.Configuration;

/// <summary>
/// Binds a configuration section to an options type and validates the result recursively (DataAnnotations and
/// <see cref="IValidatableObject"/>), collecting every problem with its key path instead of stopping at the first.
/// </summary>
internal static class OptionsBinder
{
    private const int MaxDepth = 32;

    /// <summary>Binds and validates; returns null when there were problems (added to <paramref name="problems"/>).</summary>
    public static object? Bind(IConfigurationSection section, Type type, List<ConfigurationProblem> problems)
    {
        var before = problems.Count;
        var instance = BindBestEffort(section, type, problems);
        return problems.Count > before ? null : instance;
    }

    /// <summary>
    /// Binds what can be bound and validates it: keys with shape problems (unknown, unconvertible) are left out so the
    /// rest is still checked, and every problem is reported at once. Returns the instance even when there are problems.
    /// </summary>
    public static object? BindBestEffort(IConfigurationSection section, Type type, List<ConfigurationProblem> problems)
    {
        var shape = new List<ConfigurationProblem>();
        ConfigurationShape.Check(section, type, shape);
        problems.AddRange(shape);
        var clean = shape.Count == 0 ? section : Without(section, shape);

        object? instance;
        try
        {
            instance = clean.Get(type) ?? CreateDefault(type);
        }
        catch (Exception ex) when (ex is InvalidOperationException or MissingMethodException or TargetInvocationException)
        {
            problems.Add(new(section.Path, (ex.InnerException ?? ex).Message));
            return null;
        }

        if (instance is null)
        {
            problems.Add(new(section.Path, $"The options type {type.Name} cannot be created: it needs a public parameterless constructor."));
            return null;
        }

        var validation = new List<ConfigurationProblem>();
        Validate(instance, section.Path, validation);
        problems.AddRange(validation.Where(v => !shape.Any(s => s.Path.Equals(v.Path, StringComparison.OrdinalIgnoreCase))));
        return instance;
    }

    private static IConfigurationSection Without(IConfigurationSection section, List<ConfigurationProblem> bad)
    {
        var values = section.AsEnumerable().Where(kv => !bad.Any(b =>
            kv.Key.Equals(b.Path, StringComparison.OrdinalIgnoreCase) || kv.Key.StartsWith(b.Path + ":", StringComparison.OrdinalIgnoreCase)));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section.Path);
    }

    /// <summary>Binds, validates and throws <see cref="ConfigurationException"/> on any problem.</summary>
    public static object BindOrThrow(IConfigurationSection section, Type type)
    {
        var problems = new List<ConfigurationProblem>();
        return Bind(section, type, problems) ?? throw new ConfigurationException(problems);
    }

    /// <summary>Validates an object graph; problems carry <paramref name="path"/> plus the member path.</summary>
    public static void Validate(object instance, string path, List<ConfigurationProblem> problems) =>
        Validate(instance, path, problems, 0);

    private static object? CreateDefault(Type type) =>
        type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static void Validate(object instance, string path, List<ConfigurationProblem> problems, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Where(m => !string.IsNullOrEmpty(m)).ToList();
            var message = result.ErrorMessage ?? "Invalid value.";
            if (members.Count == 0)
            {
                problems.Add(new(path, message));
            }

            foreach (var member in members)
            {
                problems.Add(new(Join(path, member), message));
            }
        }

        foreach (var property in ConfigurationShape.BindableProperties(instance.GetType()).Values)
        {
            if (ConfigurationShape.IsScalar(property.PropertyType))
            {
                continue;
            }

            var value = property.GetValue(instance);
            var memberPath = Join(path, property.Name);
            switch (value)
            {
                case null:
                    break;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        ValidateChild(entry.Value, Join(memberPath, entry.Key.ToString() ?? ""), problems, depth);
                    }

                    break;
                case IEnumerable when ConfigurationShape.DictionaryValueType(value.GetType()) is not null:
                    foreach (var entry in (IEnumerable)value)
                    {
                        var entryType = entry.GetType();
                        var key = entryType.GetProperty("Key")?.GetValue(entry)?.ToString() ?? "";
                        ValidateChild(entryType.GetProperty("Value")?.GetValue(entry), Join(memberPath, key), problems, depth);
                    }

                    break;
                case IEnumerable enumerable and not string:
                    var index = 0;
                    foreach (var item in enumerable)
                    {
                        ValidateChild(item, Join(memberPath, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), problems, depth);
                        index++;
                    }

                    break;
                default:
                    Validate(value, memberPath, problems, depth + 1);
                    break;
            }
        }
    }

    private static void ValidateChild(object? value, string path, List<ConfigurationProblem> problems, int depth)
    {
        if (value is not null && !ConfigurationShape.IsScalar(value.GetType()))
        {
            Validate(value, path, problems, depth + 1);
        }
    }

    private static string Join(string path, string member) => string.IsNullOrEmpty(path) ? member : $"{path}:{member}";
}

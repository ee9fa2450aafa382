using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;

namespace Tournament.Engine.Tests.State;

/// <summary>Builds components the way the engine does: options bound from Components:&lt;name&gt;, validated, then ActivatorUtilities.</summary>
internal static class ComponentHarness
{
    public static ComponentAttribute Attribute<T>() => typeof(T).GetCustomAttribute<ComponentAttribute>()!;

    public static object BindOptions<T>(IReadOnlyDictionary<string, string?> settings)
    {
        var attribute = Attribute<T>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = Activator.CreateInstance(attribute.Options!)!;
        configuration.GetSection($"Components:{attribute.Name}").Bind(options);
        return options;
    }

    public static List<string> Validate(object options)
    {
        var results = new List<ValidationResult>();
        // Runs the DataAnnotations attributes, then IValidatableObject.Validate when they pass (as the engine does).
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }

    public static T Create<T>(object options, HostEnvironment environment, TimeProvider? time = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton(environment)
            .BuildServiceProvider();
        return ActivatorUtilities.CreateInstance<T>(services, options);
    }
}

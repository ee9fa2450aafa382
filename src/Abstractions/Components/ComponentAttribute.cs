namespace Tournament.Abstractions;

/// <summary>
/// Declares the stable name under which a component type is registered (for example
/// <c>"kl-divergence"</c>). The name is what configuration files refer to; it must be unique across
/// every loaded plugin. Put it once on the implementing class; the engine scans plugin assemblies for it.
/// </summary>
/// <remarks>
/// A component implements exactly one of the component contracts: <see cref="IChain"/>,
/// <see cref="IPromptSource"/>, <see cref="IAntiCheatCheck"/>, <see cref="IScorer"/>, <see cref="IKingRule"/>,
/// <see cref="IJudge"/>, <see cref="IStorageBackend"/> or <see cref="IStateStore"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ComponentAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The stable, lower-case, dash-separated component name.</param>
    public ComponentAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The stable component name used in configuration.</summary>
    public string Name { get; }

    /// <summary>
    /// The type of the component's options, bound from the configuration section
    /// <c>Components:&lt;name&gt;</c> and validated at start-up (DataAnnotations and
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>). The bound instance is passed
    /// to the component's constructor. <see langword="null"/> when the component has no options.
    /// </summary>
    public Type? Options { get; init; }

    /// <summary>A one-line description shown by <c>tournament plugins</c>.</summary>
    public string? Description { get; init; }
}

namespace Tournament.Engine.Plugins;

/// <summary>A component found in a plugin (by scanning or registered by its module).</summary>
/// <param name="Contract">The contract, e.g. <see cref="Abstractions.IScorer"/>.</param>
/// <param name="Name">The component name.</param>
/// <param name="Description">The one-line description, if any.</param>
/// <param name="Plugin">The plugin that provides it.</param>
/// <param name="TypeName">The implementing type's full name (or "module registration").</param>
/// <param name="OptionsType">The options type, or null.</param>
internal sealed record ComponentDescriptor(
    Type Contract,
    string Name,
    string? Description,
    string Plugin,
    string TypeName,
    Type? OptionsType)
{
    public string ContractName => ComponentContracts.Describe(Contract);
}

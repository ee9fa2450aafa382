using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Judging;

namespace Tournament.Plugins.AlbedoDuel;

/// <summary>Registers the services the Albedo components share (the reference book of the offline judge).</summary>
public sealed class AlbedoPluginModule : IPluginModule
{
    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.Services.AddSingleton<ReferenceBook>();
    }
}

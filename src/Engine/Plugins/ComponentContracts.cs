using Tournament.Abstractions;

namespace Tournament.Engine.Plugins;

/// <summary>The component contracts and the words used for them in messages.</summary>
internal static class ComponentContracts
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(IChain), typeof(IPromptSource), typeof(IAntiCheatCheck), typeof(IScorer),
        typeof(IKingRule), typeof(IWeightPolicy), typeof(IJudge), typeof(IStorageBackend), typeof(IStateStore),
    ];

    public static bool IsContract(Type type) => All.Contains(type);

    /// <summary>The word for a contract in messages ("scorer", "check", …).</summary>
    public static string Describe(Type contract) => contract switch
    {
        _ when contract == typeof(IChain) => "chain",
        _ when contract == typeof(IPromptSource) => "prompt source",
        _ when contract == typeof(IAntiCheatCheck) => "check",
        _ when contract == typeof(IScorer) => "scorer",
        _ when contract == typeof(IKingRule) => "king rule",
        _ when contract == typeof(IWeightPolicy) => "weight policy",
        _ when contract == typeof(IJudge) => "judge",
        _ when contract == typeof(IStorageBackend) => "storage backend",
        _ when contract == typeof(IStateStore) => "state store",
        _ => contract.Name,
    };

    /// <summary>The contracts among <paramref name="type"/>'s interfaces.</summary>
    public static IReadOnlyList<Type> ImplementedBy(Type type) => All.Where(c => c.IsAssignableFrom(type)).ToList();
}

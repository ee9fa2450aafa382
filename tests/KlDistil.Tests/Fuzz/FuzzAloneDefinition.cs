using Tournament.Fuzzing;

namespace Tournament.KlDistil.Tests.Fuzz;

/// <summary>Fuzz properties that count the whole process's allocations run with nothing beside them.</summary>
[CollectionDefinition(FuzzAlone.Name, DisableParallelization = true)]
public sealed class FuzzAloneDefinition;

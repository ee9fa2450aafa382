using Tournament.Fuzzing;

namespace Tournament.Judges.Chutes.Tests.Fuzz;

/// <summary>Fuzz properties that count the whole process's allocations (every async one) run with nothing beside them.</summary>
[CollectionDefinition(FuzzAlone.Name, DisableParallelization = true)]
public sealed class FuzzAloneDefinition;

namespace Tournament.Fuzzing;

/// <summary>
/// The xUnit collection for fuzz properties that measure the whole process's allocations
/// (<see cref="FuzzProperty.CountAllThreads"/>): its tests run after the parallel ones, with nothing beside them. A
/// test project that uses it declares <c>[CollectionDefinition(FuzzAlone.Name, DisableParallelization = true)]</c> on a
/// class of its own (xUnit finds definitions only in the test assembly).
/// </summary>
public static class FuzzAlone
{
    public const string Name = "fuzz-alone";
}

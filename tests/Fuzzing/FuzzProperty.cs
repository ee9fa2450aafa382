using System.Diagnostics;
using CsCheck;

namespace Tournament.Fuzzing;

/// <summary>
/// Runs a parser over generated inputs (one thread, so each input's allocations are measured): every input is either
/// accepted or refused with one of the parser's own exception types carrying one clear sentence; any other exception,
/// an input that allocates more than the bound, or one that runs past the hang guard fails the property, and CsCheck
/// shrinks it to the smallest failing input (its seed is printed to replay it).
/// </summary>
public sealed class FuzzProperty
{
    /// <summary>No single input may take longer than this: a guard against hangs, not a performance claim.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private readonly string _name;
    private readonly Type[] _refusals;
    private long _tried;
    private long _accepted;
    private long _rejected;
    private long _mostAllocated;

    /// <param name="name">The property's name in the report.</param>
    /// <param name="refusals">The exception types that mean "refused with a clear error" (subclasses count).</param>
    public FuzzProperty(string name, params Type[] refusals)
    {
        _name = name;
        _refusals = refusals;
    }

    /// <summary>The most bytes one input may allocate: <c>AllocationPerInputByte</c> × its length + <c>AllocationBase</c>.</summary>
    public long AllocationPerInputByte { get; init; } = 256;

    /// <summary>The constant part of the allocation bound.</summary>
    public long AllocationBase { get; init; } = 64L << 20;

    /// <summary>
    /// Measure the whole process's allocations instead of the current thread's. Needed by a parser that really awaits
    /// (file I/O): its continuations run on other pool threads, and the difference of two threads' counters means
    /// nothing (it read 60 MB for a 9-byte file). The property's class must then run alone: put it in
    /// <see cref="FuzzAlone"/>'s collection. <see cref="RunAsync{T}"/> always counts this way (an awaited parse may
    /// resume on another thread even over in-memory streams), so every class with an async property runs alone.
    /// </summary>
    public bool CountAllThreads { get; init; }

    /// <summary>Checks <paramref name="parse"/> over <paramref name="ciIterations"/> inputs (or the long run's count).</summary>
    /// <param name="gen">The inputs and their size in bytes (for the allocation bound).</param>
    /// <param name="parse">Parses one input; returning normally means accepted. It may assert on what it parsed.</param>
    public void Run<T>(Gen<T> gen, Func<T, int> size, Action<T> parse, long ciIterations)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(size);
        Func<T, Task> synchronous = input =>
        {
            parse(input);
            return Task.CompletedTask;
        };
        if (FuzzBudget.IsExploring)
        {
            gen.Sample(input => OneAsync(input, size(input), synchronous, CountAllThreads).GetAwaiter().GetResult(), iter: FuzzBudget.Iterations(ciIterations), threads: 1);
        }
        else
        {
            FixedInputsAsync(gen, size, synchronous, ciIterations, CountAllThreads).GetAwaiter().GetResult();
        }

        FuzzBudget.Report(_name, _tried, _accepted, _rejected, _mostAllocated);
    }

    /// <summary>The async form of <see cref="Run{T}"/>.</summary>
    public async Task RunAsync<T>(Gen<T> gen, Func<T, int> size, Func<T, Task> parse, long ciIterations)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(size);
        if (FuzzBudget.IsExploring)
        {
            await gen.SampleAsync(input => OneAsync(input, size(input), parse, countAllThreads: true), iter: FuzzBudget.Iterations(ciIterations), threads: 1).ConfigureAwait(false);
        }
        else
        {
            await FixedInputsAsync(gen, size, parse, ciIterations, countAllThreads: true).ConfigureAwait(false);
        }

        FuzzBudget.Report(_name, _tried, _accepted, _rejected, _mostAllocated);
    }

    /// <summary>Half valid inputs, which must be accepted, half mutations of them, which may be refused.</summary>
    /// <param name="valid">Valid inputs.</param>
    /// <param name="parse">Parses one input's bytes.</param>
    /// <param name="ciIterations">The CI budget.</param>
    public void RunValidOrMutated(Gen<byte[]> valid, Action<byte[]> parse, long ciIterations)
    {
        ArgumentNullException.ThrowIfNull(parse);
        Run(Mutations.ValidOrMutated(valid), v => v.Bytes.Length, v =>
        {
            if (v.Mutated)
            {
                parse(v.Bytes);
                return;
            }

            try
            {
                parse(v.Bytes);
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                throw new FuzzFailureException($"{_name}: a valid input was refused ({ex.Message}).", ex);
            }
        }, ciIterations);
    }

    /// <summary>The CI run: the property's fixed inputs, a failure named by the seed that replays it.</summary>
    private async Task FixedInputsAsync<T>(Gen<T> gen, Func<T, int> size, Func<T, Task> parse, long count, bool countAllThreads)
    {
        foreach (var (seed, input) in FuzzSeeds.Inputs(gen, _name, count))
        {
            try
            {
                await OneAsync(input, size(input), parse, countAllThreads).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw new FuzzReplayException(_name, seed, ex);
            }
        }
    }

    private async Task OneAsync<T>(T input, int size, Func<T, Task> parse, bool countAllThreads)
    {
        Interlocked.Increment(ref _tried);
        var clock = Stopwatch.StartNew();
        var before = Allocated(countAllThreads);
        try
        {
            await parse(input).ConfigureAwait(false);
            Interlocked.Increment(ref _accepted);
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            Interlocked.Increment(ref _rejected);
            if (string.IsNullOrWhiteSpace(ex.Message) || ex.Message.Contains("\n   at ", StringComparison.Ordinal))
            {
                throw new FuzzFailureException($"{_name}: refused with an unclear message: '{ex.Message}'.", ex);
            }
        }
        catch (Exception ex) when (ex is not FuzzFailureException && !IsAssertion(ex))
        {
            throw new FuzzFailureException($"{_name}: {ex.GetType().Name} escaped the parser ({ex.Message}).", ex);
        }

        var allocated = Allocated(countAllThreads) - before;
        _mostAllocated = Math.Max(_mostAllocated, allocated);
        var bound = AllocationBase + (AllocationPerInputByte * size);
        if (allocated > bound)
        {
            throw new FuzzFailureException($"{_name}: one {size}-byte input allocated {allocated} bytes, over the {bound}-byte bound.");
        }

        if (clock.Elapsed > HangGuard)
        {
            throw new FuzzFailureException($"{_name}: one {size}-byte input ran for {clock.Elapsed.TotalSeconds:F0} s (hang guard {HangGuard.TotalSeconds} s).");
        }
    }

    private static long Allocated(bool countAllThreads) => countAllThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();

    private bool IsRefusal(Exception ex) => _refusals.Any(t => t.IsInstanceOfType(ex));

    private static bool IsAssertion(Exception ex) => ex.GetType().FullName?.StartsWith("Xunit.", StringComparison.Ordinal) == true;
}

/// <summary>A fuzz property found an input the parser mishandles.</summary>
public sealed class FuzzFailureException : Exception
{
    public FuzzFailureException()
    {
    }

    public FuzzFailureException(string message)
        : base(message)
    {
    }

    public FuzzFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

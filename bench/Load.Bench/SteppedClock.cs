namespace Tournament.Bench.Load;

/// <summary>A clock the bench moves forward one local-chain block before each round, so rounds need not wait for
/// real blocks.</summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan step) => _now += step;
}

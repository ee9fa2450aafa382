namespace Tournament.Plugins.Judges.Chutes.Judging;

/// <summary>The state of a <see cref="PrimaryCircuit"/>.</summary>
internal enum CircuitState
{
    /// <summary>Calls go to the primary.</summary>
    Closed,

    /// <summary>Calls go to the fallback until the break ends.</summary>
    Open,

    /// <summary>The break ended: one call probes the primary, the others still use the fallback.</summary>
    HalfOpen,
}

/// <summary>
/// Counts consecutive failed judge calls on the primary. After <c>threshold</c> of them it opens: calls go to the
/// fallback for <c>breakDuration</c>; then one call probes the primary, and its outcome closes or re-opens the circuit.
/// Polly's breaker samples a failure ratio over a window; the contract here is "N consecutive failures", hence this class.
/// </summary>
internal sealed class PrimaryCircuit(int threshold, TimeSpan breakDuration, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openUntil;
    private bool _probing;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _openUntil is null ? CircuitState.Closed
                    : time.GetUtcNow() >= _openUntil ? CircuitState.HalfOpen
                    : CircuitState.Open;
            }
        }
    }

    /// <summary>Whether this call may use the primary; <paramref name="probe"/> is true for the single half-open probe.</summary>
    public bool TryUsePrimary(out bool probe)
    {
        lock (_gate)
        {
            probe = false;
            if (_openUntil is null)
            {
                return true;
            }

            if (_probing || time.GetUtcNow() < _openUntil)
            {
                return false;
            }

            _probing = probe = true;
            return true;
        }
    }

    /// <summary>Records a finished primary call; returns the state change it caused, if any.</summary>
    public CircuitState? Record(bool success, bool probe)
    {
        lock (_gate)
        {
            if (probe)
            {
                _probing = false;
            }

            if (success)
            {
                _consecutiveFailures = 0;
                var wasOpen = _openUntil is not null;
                _openUntil = null;
                return wasOpen ? CircuitState.Closed : null;
            }

            _consecutiveFailures++;
            if (probe || (_openUntil is null && _consecutiveFailures >= threshold))
            {
                _openUntil = time.GetUtcNow() + breakDuration;
                return CircuitState.Open;
            }

            return null;
        }
    }

    /// <summary>A primary call was cancelled before it finished: it says nothing about the primary's health.</summary>
    public void Abandon(bool probe)
    {
        if (probe)
        {
            lock (_gate)
            {
                _probing = false;
            }
        }
    }
}

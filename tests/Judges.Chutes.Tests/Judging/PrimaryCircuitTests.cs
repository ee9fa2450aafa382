using Microsoft.Extensions.Time.Testing;
using Tournament.Plugins.Judges.Chutes.Judging;

namespace Tournament.Judges.Chutes.Tests.Judging;

public sealed class PrimaryCircuitTests
{
    [Fact]
    public void Record_SuccessBetweenFailures_ResetsTheCount()
    {
        var circuit = new PrimaryCircuit(3, TimeSpan.FromMinutes(1), new FakeTimeProvider());

        circuit.Record(false, false);
        circuit.Record(false, false);
        circuit.Record(true, false);
        circuit.Record(false, false);
        circuit.Record(false, false);

        Assert.Equal(CircuitState.Closed, circuit.State);
        Assert.Equal(CircuitState.Open, circuit.Record(false, false));
    }

    [Fact]
    public void TryUsePrimary_HalfOpen_AllowsExactlyOneProbe()
    {
        var time = new FakeTimeProvider();
        var circuit = new PrimaryCircuit(1, TimeSpan.FromSeconds(30), time);
        circuit.Record(false, false);
        Assert.False(circuit.TryUsePrimary(out _));

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, circuit.State);
        Assert.True(circuit.TryUsePrimary(out var probe));
        Assert.True(probe);
        Assert.False(circuit.TryUsePrimary(out _));

        circuit.Abandon(probe);
        Assert.True(circuit.TryUsePrimary(out var again));
        Assert.Equal(CircuitState.Closed, circuit.Record(true, again));
        Assert.True(circuit.TryUsePrimary(out var normal));
        Assert.False(normal);
    }
}

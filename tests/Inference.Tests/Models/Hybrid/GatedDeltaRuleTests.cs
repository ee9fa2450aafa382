using Tournament.Inference.Models.Hybrid;
using Tournament.Inference.Torch;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Models.Hybrid;

public sealed class GatedDeltaRuleTests
{
    [Theory]
    [InlineData(37, 8)]
    [InlineData(70, 64)]
    [InlineData(5, 64)]
    [InlineData(16, 4)]
    public void Chunked_EqualsTokenByTokenRecurrence_WithInitialState(int seq, int chunk)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var gen = manual_seed(seq * 100 + chunk);
        var q = randn(2, seq, 2, 6, generator: gen) * 2;
        var k = randn(2, seq, 2, 6, generator: gen) * 2;
        var v = randn(2, seq, 4, 5, generator: gen) * 2;
        var g = -rand(2, seq, 4, generator: gen) * 1.5;
        var beta = rand(2, seq, 4, generator: gen);
        var state = randn(2, 4, 6, 5, generator: gen);

        var (chunkedOut, chunkedState) = GatedDeltaRule.Chunked(q, k, v, g, beta, state, chunk);
        var (stepOut, stepState) = GatedDeltaRule.Recurrent(q, k, v, g, beta, state);

        Assert.Equal([2L, seq, 4, 5], chunkedOut.shape);
        Assert.True(stepOut.abs().max().item<float>() > 0.1f);
        Assert.InRange((chunkedOut - stepOut).abs().max().item<float>() / stepOut.abs().max().item<float>(), 0, 2e-5);
        Assert.InRange((chunkedState - stepState).abs().max().item<float>() / stepState.abs().max().item<float>(), 0, 2e-5);
    }

    [Fact]
    public void Chunked_SplitSequence_ContinuesFromReturnedState()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var gen = manual_seed(7);
        var q = randn(1, 20, 1, 4, generator: gen);
        var k = randn(1, 20, 1, 4, generator: gen);
        var v = randn(1, 20, 2, 3, generator: gen);
        var g = -rand(1, 20, 2, generator: gen);
        var beta = rand(1, 20, 2, generator: gen);

        var (whole, _) = GatedDeltaRule.Chunked(q, k, v, g, beta, null, 8);
        var (first, mid) = GatedDeltaRule.Chunked(q.narrow(1, 0, 13), k.narrow(1, 0, 13), v.narrow(1, 0, 13), g.narrow(1, 0, 13), beta.narrow(1, 0, 13), null, 8);
        var (second, _) = GatedDeltaRule.Chunked(q.narrow(1, 13, 7), k.narrow(1, 13, 7), v.narrow(1, 13, 7), g.narrow(1, 13, 7), beta.narrow(1, 13, 7), mid, 8);

        Assert.InRange((cat([first, second], 1) - whole).abs().max().item<float>(), 0, 1e-5);
    }
}

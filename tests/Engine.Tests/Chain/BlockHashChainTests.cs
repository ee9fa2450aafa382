using Tournament.Engine.Chain;

namespace Tournament.Engine.Tests.Chain;

public sealed class BlockHashChainTests
{
    // Computed independently (Python hashlib) from the documented definition; they pin the hash chain for the default seed.
    private const string Block0 = "0xbff8555e39292b1ef9564fd6dfb24b9a8ab0a19ef46db623e7e21de7383a1d1a";
    private const string Block1 = "0x6cf9c2929a5403cc14d2661db2d334b8163cd8becdaa1306925c8c0500629801";
    private const string Block1000 = "0x9ef8b0bf1c1e10290715d8026abd9dbd717ca6c951c773829da1a0b2ba5d58f7";
    private const string Block4096 = "0xbf0078af66c3a404b900c53c34f384057269dc51af4de21d07a5a42022129dae";
    private const string Block5000 = "0xb3c8e6547b0467908d6a037707eebeb4ee0eafb45e922302a0e6fd544d27b25e";
    private const string OtherSeedBlock0 = "0xe340d70d55781b11b768e74f8273fbe6cc97b71e13293a444cbf94f856623c66";

    [Fact]
    public void HashOf_DefaultSeed_MatchesTheGoldenValues()
    {
        var chain = new BlockHashChain("tournament-local");
        Assert.Equal(Block0, chain.HashOf(0));
        Assert.Equal(Block1, chain.HashOf(1));
        Assert.Equal(Block1000, chain.HashOf(1000));
    }

    [Fact]
    public void HashOf_AnyAccessOrder_GivesTheSameHashes()
    {
        var chain = new BlockHashChain("tournament-local");
        Assert.Equal(Block5000, chain.HashOf(5000));
        Assert.Equal(Block4096, chain.HashOf(4096));
        Assert.Equal(Block1000, chain.HashOf(1000));
        Assert.Equal(Block1, chain.HashOf(1));
        Assert.Equal(Block5000, chain.HashOf(5000));
        Assert.Equal(Block0, new BlockHashChain("tournament-local").HashOf(0));
    }

    [Fact]
    public void HashOf_AnotherSeed_GivesOtherHashes()
    {
        var other = new BlockHashChain("other-seed");
        Assert.Equal(OtherSeedBlock0, other.HashOf(0));
        Assert.NotEqual(Block1000, other.HashOf(1000));
    }

    [Fact]
    public void HashOf_NegativeBlock_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockHashChain("tournament-local").HashOf(-1));
}

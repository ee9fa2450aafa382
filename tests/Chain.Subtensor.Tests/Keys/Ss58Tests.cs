using Tournament.Plugins.Chain.Subtensor.Keys;

namespace Tournament.Chain.Subtensor.Tests.Keys;

public sealed class Ss58Tests
{
    // Alice's well-known sr25519 public key and her generic-Substrate (prefix 42) address.
    private const string AliceHex = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
    private const string AliceAddress = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    [Fact]
    public void Encode_Alice_IsTheWellKnownAddress()
        => Assert.Equal(AliceAddress, Ss58.Encode(Convert.FromHexString(AliceHex)));

    [Fact]
    public void Decode_OverlongInput_IsOneSentence()
    {
        var ex = Assert.Throws<FormatException>(() => Ss58.Decode(new string('5', 10_000)));
        Assert.EndsWith(".", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(46)]
    [InlineData(47)]
    [InlineData(16384)]
    public void Encode_ReservedOrTooLargePrefix_Throws(int prefix)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Ss58.Encode(new byte[32], (ushort)prefix));

    [Fact]
    public void Encode_WrongKeyLength_Throws()
        => Assert.Throws<ArgumentException>(() => Ss58.Encode(new byte[33]));
}

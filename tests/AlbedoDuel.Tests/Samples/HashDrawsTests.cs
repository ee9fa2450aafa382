using System.Buffers.Binary;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Samples;

namespace Tournament.AlbedoDuel.Tests.Samples;

public sealed class HashDrawsTests
{
    [Fact]
    public void Next_BlockKIsTheEnginesDeriveOfLabelSlashK()
    {
        var seed = RoundSeed.FromBlockHash("0x0123456789abcdef").ForChallenger("5Hotkeyé");
        var draws = new HashDraws(seed, "swe-trajectories/v1/draws");

        for (var k = 0; k < 40; k++)
        {
            var block = seed.Derive($"swe-trajectories/v1/draws/{k}").Bytes.ToArray();
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(i * 8)), draws.Next());
            }
        }
    }

    [Fact]
    public void Below_IsInRangeAndCoversEveryValue()
    {
        var draws = new HashDraws(RoundSeed.FromBlockHash("01"), "t");
        var seen = new bool[7];
        for (var i = 0; i < 500; i++)
        {
            seen[draws.Below(7)] = true;
        }

        Assert.All(seen, Assert.True);
        Assert.Equal(0, draws.Below(1));
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>A Merlin transcript (merlin 3.x) over STROBE-128, with the transcript RNG schnorrkel uses for nonces.</summary>
internal sealed class MerlinTranscript
{
    private readonly Strobe128 _strobe;

    public MerlinTranscript(string label)
    {
        _strobe = new Strobe128("Merlin v1.0");
        AppendMessage("dom-sep", Encoding.UTF8.GetBytes(label));
    }

    private MerlinTranscript(Strobe128 strobe) => _strobe = strobe;

    public MerlinTranscript Clone() => new(_strobe.Clone());

    public void AppendMessage(string label, ReadOnlySpan<byte> message)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)message.Length);
        _strobe.MetaAd(Encoding.UTF8.GetBytes(label), more: false);
        _strobe.MetaAd(length, more: true);
        _strobe.Ad(message, more: false);
    }

    public void ChallengeBytes(string label, Span<byte> destination)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)destination.Length);
        _strobe.MetaAd(Encoding.UTF8.GetBytes(label), more: false);
        _strobe.MetaAd(length, more: true);
        _strobe.Prf(destination, more: false);
    }

    /// <summary>
    /// The transcript RNG: a fork of the transcript rekeyed with the witness and 32 bytes of external randomness, so
    /// a nonce is fresh even with a broken RNG and unpredictable even with a repeated message.
    /// </summary>
    public void WitnessBytes(string label, ReadOnlySpan<byte> witness, ReadOnlySpan<byte> randomness, Span<byte> destination)
    {
        Strobe128 rng = _strobe.Clone();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)witness.Length);
        rng.MetaAd(Encoding.UTF8.GetBytes(label), more: false);
        rng.MetaAd(length, more: true);
        rng.Key(witness, more: false);
        rng.MetaAd("rng"u8, more: false);
        rng.Key(randomness, more: false);
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)destination.Length);
        rng.MetaAd(length, more: false);
        rng.Prf(destination, more: false);
        rng.Clear();
    }
}

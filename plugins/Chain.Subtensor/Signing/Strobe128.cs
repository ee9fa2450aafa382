using System.Text;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>
/// The subset of STROBE-128 (v1.0.2) that Merlin uses: meta-AD, AD, PRF and KEY, as in the merlin crate's strobe.rs.
/// </summary>
internal sealed class Strobe128
{
    private const int Rate = 166;
    private const byte FlagI = 1, FlagA = 2, FlagC = 4, FlagT = 8, FlagM = 16, FlagK = 32;

    private readonly byte[] _state = new byte[200];
    private int _pos;
    private int _posBegin;
    private byte _curFlags;

    public Strobe128(string protocolLabel)
    {
        _state[0] = 1;
        _state[1] = Rate + 2;
        _state[2] = 1;
        _state[3] = 0;
        _state[4] = 1;
        _state[5] = 96;
        Encoding.ASCII.GetBytes("STROBEv1.0.2").CopyTo(_state, 6);
        KeccakF1600.Permute(_state);
        MetaAd(Encoding.UTF8.GetBytes(protocolLabel), more: false);
    }

    private Strobe128(Strobe128 other)
    {
        other._state.CopyTo(_state, 0);
        _pos = other._pos;
        _posBegin = other._posBegin;
        _curFlags = other._curFlags;
    }

    public Strobe128 Clone() => new(this);

    public void MetaAd(ReadOnlySpan<byte> data, bool more)
    {
        BeginOp(FlagM | FlagA, more);
        Absorb(data);
    }

    public void Ad(ReadOnlySpan<byte> data, bool more)
    {
        BeginOp(FlagA, more);
        Absorb(data);
    }

    public void Prf(Span<byte> data, bool more)
    {
        BeginOp(FlagI | FlagA | FlagC, more);
        Squeeze(data);
    }

    public void Key(ReadOnlySpan<byte> data, bool more)
    {
        BeginOp(FlagA | FlagC, more);
        Overwrite(data);
    }

    /// <summary>Clears the state (it holds key material after KEY operations).</summary>
    public void Clear() => Array.Clear(_state);

    private void RunF()
    {
        _state[_pos] ^= (byte)_posBegin;
        _state[_pos + 1] ^= 0x04;
        _state[Rate + 1] ^= 0x80;
        KeccakF1600.Permute(_state);
        _pos = 0;
        _posBegin = 0;
    }

    private void Absorb(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            _state[_pos] ^= b;
            if (++_pos == Rate)
            {
                RunF();
            }
        }
    }

    private void Overwrite(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            _state[_pos] = b;
            if (++_pos == Rate)
            {
                RunF();
            }
        }
    }

    private void Squeeze(Span<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = _state[_pos];
            _state[_pos] = 0;
            if (++_pos == Rate)
            {
                RunF();
            }
        }
    }

    private void BeginOp(byte flags, bool more)
    {
        if (more)
        {
            if (_curFlags != flags)
            {
                throw new InvalidOperationException("A STROBE continuation must keep the operation's flags.");
            }

            return;
        }

        if ((flags & FlagT) != 0)
        {
            throw new InvalidOperationException("Transport operations are not supported.");
        }

        int oldBegin = _posBegin;
        _posBegin = _pos + 1;
        _curFlags = flags;
        Absorb([(byte)oldBegin, flags]);
        if ((flags & (FlagC | FlagK)) != 0 && _pos != 0)
        {
            RunF();
        }
    }
}

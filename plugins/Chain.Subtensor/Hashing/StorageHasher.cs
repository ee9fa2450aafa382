namespace Tournament.Plugins.Chain.Subtensor.Hashing;

/// <summary>The storage-key hashers of FRAME, numbered as the runtime metadata numbers them.</summary>
public enum StorageHasher
{
    /// <summary>BLAKE2b-128.</summary>
    Blake2_128 = 0,

    /// <summary>BLAKE2b-256.</summary>
    Blake2_256 = 1,

    /// <summary>BLAKE2b-128 followed by the key itself.</summary>
    Blake2_128Concat = 2,

    /// <summary>Two xxHash64 (seeds 0, 1), little-endian.</summary>
    Twox128 = 3,

    /// <summary>Four xxHash64 (seeds 0..3), little-endian.</summary>
    Twox256 = 4,

    /// <summary>xxHash64 (seed 0) followed by the key itself.</summary>
    Twox64Concat = 5,

    /// <summary>The key itself.</summary>
    Identity = 6,
}

namespace Soundlink.Simulator;

/// <summary>Deterministic pseudo-random numbers from a tuple of integers (SplitMix64), stable across processes.</summary>
internal static class Mix
{
    public static ulong Hash(params ReadOnlySpan<long> parts)
    {
        var x = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            x ^= (ulong)part + 0x9E3779B97F4A7C15UL + (x << 6) + (x >> 2);
            x = Step(x);
        }
        return x;
    }

    /// <summary>A value in [0, 1) drawn from the tuple; <paramref name="salt"/> picks independent draws.</summary>
    public static double Unit(ulong hash, int salt) => (Step(hash + (ulong)salt * 0xD1B54A32D192ED03UL) >> 11) * (1.0 / (1UL << 53));

    public static double Between(ulong hash, int salt, double low, double high) => low + (high - low) * Unit(hash, salt);

    private static ulong Step(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

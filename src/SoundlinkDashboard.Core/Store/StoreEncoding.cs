namespace SoundlinkDashboard.Core.Store;

/// <summary>How values are packed into the compact MetricRows table.</summary>
public static class StoreEncoding
{
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>Money is kept as whole millionths of the currency unit, so sums are exact.</summary>
    public const decimal MicrosPerUnit = 1_000_000m;

    public static int ToDay(DateOnly date) => date.DayNumber - EpochDayNumber;
    public static DateOnly FromDay(long day) => DateOnly.FromDayNumber(checked((int)day + EpochDayNumber));

    /// <summary>
    /// exported_at as 100-nanosecond ticks since 1970-01-01 UTC: every digit the API can send (up to seven fractional
    /// digits parse) takes part in "the newest wins", so two deliveries a microsecond apart are told apart.
    /// </summary>
    public static long ToExportedAt(DateTimeOffset exportedAt) => exportedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    public static long ToMicros(decimal amount) => (long)Math.Round(amount * MicrosPerUnit, MidpointRounding.ToEven);
    public static decimal FromMicros(long micros) => micros / MicrosPerUnit;

    public static long? ToResultTypeCode(string? resultType) => resultType switch
    {
        null => null,
        "lp_click" => 1,
        "stream" => 2,
        "follow" => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(resultType), resultType, "unknown result_type"),
    };
}

using System.Globalization;

namespace Soundlink.Simulator;

public sealed record SimulatedCountry(string Code, double Weight, double CostPerListener);

/// <summary>One campaign of the fake, with everything its rows are derived from.</summary>
public sealed record SimulatedCampaign(
    int Index,
    string Id,
    string OrganizationId,
    string Name,
    string ArtistName,
    string TargetType,
    string? Isrc,
    string? SpotifyTrackId,
    string? PlaylistId,
    string? TrackName,
    decimal DailyBudget,
    int DurationDays,
    DateOnly Start,
    DateTimeOffset CreatedAt,
    double FeeShare,
    IReadOnlyList<SimulatedCountry> Countries)
{
    public DateOnly LastDay => Start.AddDays(DurationDays - 1);
    public decimal TotalBudget => DailyBudget * DurationDays;

    public string StatusOn(DateOnly today) =>
        today < Start ? "scheduled" : today > LastDay ? "ended" : Index % 7 == 3 ? "paused" : "active";
}

/// <summary>The deterministic campaign catalogue: the same seed and anchor date give the same campaigns.</summary>
public sealed class Catalogue
{
    private static readonly string[] CountryPool =
    [
        "US", "GB", "DE", "FR", "BR", "MX", "CA", "AU", "ES", "IT", "NL", "SE", "NO", "DK", "FI", "PL", "PT", "IE", "AT",
        "CH", "BE", "CZ", "RO", "HU", "GR", "TR", "IN", "ID", "PH", "JP", "KR", "TH", "VN", "MY", "SG", "NZ", "AR", "CL",
        "CO", "PE", "ZA", "NG", "KE", "EG", "MA", "SA", "AE", "IL", "UA", "RS", "HR", "SK", "SI", "BG", "LT", "LV", "EE",
        "IS", "XK", "PR", "EC", "GT", "DO", "UY", "PY", "BO", "CR", "PA", "TW", "HK",
    ];

    private static readonly HashSet<string> CheapCountries =
        ["BR", "MX", "IN", "ID", "PH", "TH", "VN", "MY", "AR", "CL", "CO", "PE", "ZA", "NG", "KE", "EG", "MA", "UA", "RS",
         "TR", "EC", "GT", "DO", "PY", "BO", "XK"];

    private static readonly string[] Artists = ["Nova Lane", "The Quiet Hours", "Mara Kin", "Static Bloom", "Ode to June", "Kasper Vale", "Lumen Drift", "Ayla Stone"];
    private static readonly string[] Titles = ["Sleep Playlist", "Midnight Drive", "Golden Hour", "Paper Hearts", "Northern Lights", "Slow Rivers", "Neon Rain", "Focus Flow", "Summer Static", "Low Tide"];

    private readonly Dictionary<string, SimulatedCampaign> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SimulatedCampaign>> _byOrganization = new(StringComparer.Ordinal);

    public Catalogue(SimulatorOptions options, DateOnly anchor)
    {
        var index = 0;
        foreach (var organization in options.Organizations)
        {
            var list = new List<SimulatedCampaign>();
            for (var i = 0; i < organization.Campaigns; i++, index++)
            {
                var campaign = Create(options, index, organization.Id, anchor);
                list.Add(campaign);
                _byId[campaign.Id] = campaign;
            }
            _byOrganization[organization.Id] = list;
        }
    }

    public IReadOnlyList<SimulatedCampaign> CampaignsOf(string organizationId) =>
        _byOrganization.TryGetValue(organizationId, out var list) ? list : [];

    public SimulatedCampaign? Find(string campaignId) => _byId.GetValueOrDefault(campaignId);

    private static SimulatedCampaign Create(SimulatorOptions options, int index, string organizationId, DateOnly anchor)
    {
        var seed = options.Seed;
        var h = Mix.Hash(seed, index, 1);
        var duration = index % 3 == 0 ? 400 : (int)Mix.Between(h, 1, 21, 180);
        // Start so that most campaigns are running or ended recently; every third one spans over a year.
        var startOffset = index % 3 == 0 ? 380 : (int)Mix.Between(h, 2, 10, 240);
        if (options.DaysRunning is { } running)
        {
            startOffset = running - 1;
            duration = running + 30;
        }
        var start = anchor.AddDays(-startOffset);
        var isPlaylist = Mix.Unit(h, 3) < 0.35;
        var countryCount = options.CountriesPerCampaign is { } fixedCount
            ? Math.Clamp(fixedCount, 1, CountryPool.Length)
            : (int)Mix.Between(h, 4, 20, 61);
        var pool = CountryPool.OrderBy(c => Mix.Hash(seed, index, c[0], c[1])).Take(countryCount).ToList();
        if (!pool.Contains("US"))
        {
            pool[0] = "US";
        }
        var countries = pool.Select((code, rank) =>
        {
            var ch = Mix.Hash(seed, index, code[0], code[1], 7);
            var weight = 1.0 / Math.Pow(rank + 1, 0.9) * Mix.Between(ch, 1, 0.7, 1.3);
            var cpl = CheapCountries.Contains(code) ? Mix.Between(ch, 2, 0.04, 0.18) : Mix.Between(ch, 2, 0.18, 0.9);
            return new SimulatedCountry(code, weight, cpl);
        }).ToList();
        var total = countries.Sum(c => c.Weight);
        countries = countries.Select(c => c with { Weight = c.Weight / total }).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();

        var artist = Artists[(int)(Mix.Unit(h, 5) * Artists.Length)];
        var title = Titles[(int)(Mix.Unit(h, 6) * Titles.Length)];
        return new SimulatedCampaign(
            index,
            Uuid(seed, index, 11),
            organizationId,
            $"{title}{(index >= Titles.Length ? $" {index / Titles.Length + 1}" : "")}",
            artist,
            isPlaylist ? "playlist" : "track",
            isPlaylist ? null : $"DEXW6{(int)Mix.Between(h, 7, 2400000, 2599999)}",
            isPlaylist ? null : Base62(Mix.Hash(seed, index, 12), 22),
            isPlaylist ? Base62(Mix.Hash(seed, index, 13), 22) : null,
            isPlaylist ? null : title,
            Math.Round((decimal)Mix.Between(h, 8, 25, 400), 0),
            duration,
            start,
            new DateTimeOffset(start.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero).AddMinutes(Mix.Between(h, 9, 0, 400)),
            0.2,
            countries);
    }

    private static string Uuid(int seed, int index, int salt)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Mix.Hash(seed, index, salt));
        BitConverter.TryWriteBytes(bytes[8..], Mix.Hash(seed, index, salt + 1));
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D", CultureInfo.InvariantCulture);
    }

    private static string Base62(ulong value, int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            value = Mix.Hash((long)value, i);
            chars[i] = alphabet[(int)(value % 62)];
        }
        return new string(chars);
    }
}

namespace Soundlink.Client.Export;

/// <summary>One validated <c>campaign_country_daily</c> v1.0 row, as Soundlink exports it.</summary>
public sealed class CampaignCountryDailyRow
{
    public const string SupportedSchemaVersion = "1.0";

    public required string Provider { get; init; }
    public required string AccountId { get; init; }
    public required DateOnly ReportDate { get; init; }
    public required DateTimeOffset ExportedAt { get; init; }
    public required string CampaignId { get; init; }
    public required string CampaignName { get; init; }
    public string? CampaignTargetType { get; init; }
    public string? CampaignTargetIsrc { get; init; }
    public string? CampaignTargetSpotifyTrackId { get; init; }
    public string? CampaignTargetPlaylistId { get; init; }
    public required string CountryCode { get; init; }
    public long? Impressions { get; init; }
    public long? AdClicks { get; init; }
    public long? LinkClicks { get; init; }
    public long Streams { get; init; }
    public long Listeners { get; init; }
    public long Followers { get; init; }
    public double StreamsPerListener { get; init; }
    public decimal SpendMedia { get; init; }
    public decimal SpendTotal { get; init; }
    public decimal Fees { get; init; }
    public required string Currency { get; init; }
    public required string CurrencyAccount { get; init; }
    public double Cpl { get; init; }
    public double Cpf { get; init; }
    public double? CpcLinkClick { get; init; }
    public double? CtrLinkClick { get; init; }
    public double? CtrAdClick { get; init; }
    public double CostPerResult { get; init; }
    public string? ResultType { get; init; }
}

/// <summary>What the reader made of one non-blank line: a row, or the reason it was rejected.</summary>
public readonly record struct RowReadResult(long LineNumber, CampaignCountryDailyRow? Row, string? Error, string? Excerpt)
{
    public bool IsValid => Row is not null;
}

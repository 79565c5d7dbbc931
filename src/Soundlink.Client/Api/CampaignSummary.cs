using System.Text.Json.Serialization;

namespace Soundlink.Client.Api;

/// <summary>A campaign as <c>GET /v1/campaigns</c> lists it. Optional fields are absent on older API generations.</summary>
public sealed record CampaignSummary
{
    [JsonPropertyName("campaignId")] public required string CampaignId { get; init; }
    [JsonPropertyName("organizationId")] public string? OrganizationId { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("socialPlatform")] public string? SocialPlatform { get; init; }
    [JsonPropertyName("dailyBudget")] public decimal? DailyBudget { get; init; }
    [JsonPropertyName("totalBudget")] public decimal? TotalBudget { get; init; }
    [JsonPropertyName("campaignDuration")] public int? CampaignDuration { get; init; }
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public DateTimeOffset? UpdatedAt { get; init; }
    [JsonPropertyName("trackId")] public string? TrackId { get; init; }
    [JsonPropertyName("trackName")] public string? TrackName { get; init; }
    [JsonPropertyName("playlistId")] public string? PlaylistId { get; init; }
    [JsonPropertyName("artistName")] public string? ArtistName { get; init; }
    [JsonPropertyName("campaignUrl")] public string? CampaignUrl { get; init; }

    /// <summary>A readable label: the newer fields when present, else the id.</summary>
    public string Label => (ArtistName, TrackName) switch
    {
        ({ } artist, { } track) => $"{artist} – {track}",
        ({ } artist, null) => $"{artist} (playlist)",
        _ => CampaignId,
    };
}

public sealed record CampaignPage(IReadOnlyList<CampaignSummary> Items, int Page, int PageSize, int TotalCount, int TotalPages);

/// <summary>What one export request delivered: the lines read, as the X-Row-Count header promised.</summary>
public sealed record ExportSlice(long Lines, string? RequestId);

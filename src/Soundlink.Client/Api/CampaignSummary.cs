using System.Text.Json.Serialization;
using Soundlink.Client.Validation;

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

    /// <summary>
    /// This summary with every text that could not be shown safely (blank, too long, control characters) left out;
    /// null when the campaign id itself is unusable, so such an item never reaches the store or a page.
    /// </summary>
    public CampaignSummary? Validated() => Identifiers.IdProblem(CampaignId) is not null ? null : this with
    {
        OrganizationId = Identifiers.IdProblem(OrganizationId, "organizationId") is null ? OrganizationId : null,
        Status = Text(Status),
        SocialPlatform = Text(SocialPlatform),
        TrackId = Text(TrackId),
        TrackName = Text(TrackName),
        PlaylistId = Text(PlaylistId),
        ArtistName = Text(ArtistName),
        CampaignUrl = Text(CampaignUrl),
    };

    private static string? Text(string? value) => Identifiers.NameProblem(value, "text") is null ? value : null;

    /// <summary>A readable label: the newer fields when present, else the id.</summary>
    public string Label => (ArtistName, TrackName) switch
    {
        ({ } artist, { } track) => $"{artist} – {track}",
        ({ } artist, null) => $"{artist} (playlist)",
        _ => CampaignId,
    };
}

public sealed record CampaignPage(IReadOnlyList<CampaignSummary> Items, int Page, int PageSize, int TotalCount, int TotalPages);

/// <summary>What one export answer announced (X-Row-Count) and the requestId that names it.</summary>
public sealed record ExportSlice(long Lines, string? RequestId)
{
    /// <summary>Throws when the lines read are not the lines announced: the stream was truncated (or padded).</summary>
    public void CheckLineCount(long delivered)
    {
        if (delivered != Lines)
        {
            throw new SoundlinkApiException(0, "row_count_mismatch",
                $"The export announced {Lines} lines (X-Row-Count) but delivered {delivered}: the stream was truncated.", RequestId);
        }
    }
}

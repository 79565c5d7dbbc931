namespace Soundlink.Client.Api;

/// <summary>How the key travels: Soundlink's <c>x-api-key</c> header, or <c>Authorization: Bearer</c> (newer API generations). Never both.</summary>
public enum AuthHeaderStyle
{
    XApiKey = 0,
    Bearer = 1,
}

/// <summary>Where and as whom to call the API. The secret stays in memory only for the call.</summary>
public sealed record SoundlinkConnection(Uri BaseUrl, string Secret, AuthHeaderStyle HeaderStyle = AuthHeaderStyle.XApiKey)
{
    public static readonly Uri DefaultBaseUrl = new("https://api.getsoundlink.com/");

    public override string ToString() => $"{BaseUrl} ({HeaderStyle}, key …{(Secret.Length >= 4 ? Secret[^4..] : "")})";
}

/// <summary>An error answer of the API (its envelope), or a broken exchange, with what support needs.</summary>
public sealed class SoundlinkApiException(int status, string code, string message, string? requestId, TimeSpan? retryAfter = null)
    : Exception($"{code}: {message}{(requestId is null ? "" : $" (requestId {requestId})")}")
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string ApiMessage { get; } = message;
    public string? RequestId { get; } = requestId;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>401: the key is unusable (invalid, revoked, expired, mixed credentials).</summary>
    public bool IsKeyProblem => Status == 401 || (Status == 404 && Code == "not_found");
    public bool IsScopeProblem => Status == 403;
    public bool IsCampaignProblem => Status == 404 && Code == "campaign_not_found";
    /// <summary>429 and 5xx: worth trying again later.</summary>
    public bool IsTransient => Status == 429 || Status >= 500 || Status == 0;
}

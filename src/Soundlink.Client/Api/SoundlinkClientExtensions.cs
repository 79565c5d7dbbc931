using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Soundlink.Client.Api;

public sealed class SoundlinkClientOptions
{
    /// <summary>Retries after 429, 5xx and transport errors (Retry-After is honoured).</summary>
    public int MaxRetries { get; set; } = 3;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A longer Retry-After is not waited for inside a request: the call fails and a later run tries again.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public int RequestsPerMinute { get; set; } = 60;
    public int RequestsPerHour { get; set; } = 600;

    /// <summary>
    /// The most one export answer may carry. A 90-day slice of one campaign has at most 90 x 250 rows (~20 MB);
    /// these leave ample room and still bound what a broken or hostile upstream can make the app read.
    /// </summary>
    public long ExportMaxBytes { get; set; } = 256L * 1024 * 1024;
    public long ExportMaxLines { get; set; } = 250_000;

    /// <summary>The longest silence allowed while an export body streams (the attempt timeout only covers the headers).</summary>
    public TimeSpan ExportIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one export body may take to arrive in all.</summary>
    public TimeSpan ExportTotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public ExportLimits ExportLimits => new(ExportMaxBytes, ExportMaxLines, ExportIdleTimeout, ExportTotalTimeout);
}

public static class SoundlinkClientExtensions
{
    /// <summary>The typed client with Soundlink's resilience: client-side per-key rate limit, bounded retries honouring Retry-After, timeouts.</summary>
    public static IHttpClientBuilder AddSoundlinkClient(this IServiceCollection services, Action<SoundlinkClientOptions>? configure = null)
    {
        var options = new SoundlinkClientOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton(_ => new KeyRateLimiter(options.RequestsPerMinute, options.RequestsPerHour));
        services.AddTransient<KeyRateLimitHandler>();
        var builder = services.AddHttpClient<SoundlinkClient>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        // The standard pipeline's parts (total timeout, retry, circuit breaker, attempt timeout), on the wall clock:
        // network waits are real even where the app's clock is not (tests fake it).
        builder.AddResilienceHandler("soundlink", pipeline =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline
                .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout * (options.MaxRetries + 2) })
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    Delay = options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options)),
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { SamplingDuration = options.AttemptTimeout * 2 })
                .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        });
        // Inside the retries, so every attempt waits for the key's rate limit.
        builder.AddHttpMessageHandler<KeyRateLimitHandler>();
        return builder;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, SoundlinkClientOptions options)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException;
        }
        var response = outcome.Result!;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return response.Headers.RetryAfter?.Delta is not { } wait || wait <= options.MaxRetryAfter;
        }
        return (int)response.StatusCode >= 500;
    }
}

/// <summary>Keeps each key under Soundlink's documented limits (60 a minute, 600 an hour), so normal work never meets 429.</summary>
public sealed class KeyRateLimiter(int perMinute, int perHour) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        })),
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perHour, Window = TimeSpan.FromHours(1), SegmentsPerWindow = 12, QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        })));

    public async ValueTask WaitAsync(string keyFingerprint, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(keyFingerprint, 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new SoundlinkApiException(429, "client_rate_limit", "Too many requests queued for this key.", null);
        }
    }

    public void Dispose() => _limiter.Dispose();
}

internal sealed class KeyRateLimitHandler(KeyRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var secret = request.Headers.TryGetValues("x-api-key", out var values) ? values.FirstOrDefault() : request.Headers.Authorization?.Parameter;
        // Partition by a fingerprint, so the limiter holds no secret.
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret ?? "")))[..16];
        await limiter.WaitAsync(fingerprint, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

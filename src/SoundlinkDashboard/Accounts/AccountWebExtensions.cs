using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Audit;

namespace SoundlinkDashboard.Accounts;

public static class AccountWebExtensions
{
    public const string LoginRateLimit = "login";

    /// <summary>How often a session cookie's security stamp is compared with the user's (and a live circuit revalidated).</summary>
    public static readonly TimeSpan SecurityStampInterval = TimeSpan.FromMinutes(1);

    /// <summary>Cookie sign-in for the Blazor app, the login rate limit and the security headers.</summary>
    public static IHostApplicationBuilder AddWebAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingStateProvider>();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        // Sessions end within a minute of a password change or reset, or of "sign out everywhere" (a new security stamp).
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = SecurityStampInterval);
        // Secure when the request is HTTPS (directly or, with trusted forwarded headers, at the proxy).
        builder.Services.ConfigureExternalCookie(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "soundlink.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromDays(7);
            options.SlidingExpiration = true;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<SignInFlow>();

        var perMinute = builder.Configuration.GetValue("RateLimits:LoginPerMinute", 10);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // Only form posts (sign-in attempts) count, per client address.
            options.AddPolicy(LoginRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The antiforgery token is checked here rather than by form binding, whose failure is an exception (a 500
        // page outside Development): a forged or stale sign-out gets a plain 400 that passes through the security headers.
        endpoints.MapPost("/Account/Logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return StaleForm();
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/Account/Login");
        }).DisableAntiforgery();

        // Ends every session of the user (other browsers within a minute, when their cookie is next validated).
        endpoints.MapPost("/Account/SignOutEverywhere", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn,
            UserManager<AppUser> users, AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return StaleForm();
            }
            if (await users.GetUserAsync(http.User) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
                await audit.WriteAsync(AuditKinds.SignedOutEverywhere, $"{user.Email} signed out everywhere", http.User);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/Account/Login");
        }).DisableAntiforgery().RequireAuthorization();
        return endpoints;
    }

    private static IResult StaleForm() =>
        Results.Text("The form was not valid (expired or from another site). Reload the page and try again.", "text/plain; charset=utf-8",
            statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// Once any user exists, /setup answers 404 for every method, before any page code runs. The answer is kept
    /// for the process's life: setup never comes back.
    /// </summary>
    public static IApplicationBuilder UseSetupGate(this IApplicationBuilder app)
    {
        var done = false;
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/setup", StringComparison.OrdinalIgnoreCase))
            {
                done = done || !await context.RequestServices.GetRequiredService<AccountService>().IsSetupNeededAsync(context.RequestAborted);
                if (done)
                {
                    // Answered here, whatever the method, without re-running the not-found page (which would
                    // turn a POST without antiforgery token into 400).
                    context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("Not found.");
                    return;
                }
            }
            await next();
        });
    }

    /// <summary>Only same-site paths: a sign-in must never redirect to another site.</summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl))
        {
            return "/";
        }
        var url = returnUrl.Trim();
        if (!url.StartsWith('/'))
        {
            url = "/" + url;
        }
        return url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/\\", StringComparison.Ordinal) ||
               !Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? "/"
            : url;
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SoundlinkDashboard.Core.Accounts;

namespace SoundlinkDashboard.Accounts;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>
/// Failed sign-ins per email address, whether or not an account has it: after as many failures as Identity's lockout
/// allows, the address answers "locked" for the lockout time. Unknown addresses lock exactly like existing ones, so
/// the lockout reveals nothing. In memory (a restart forgets it; Identity's own lockout of real accounts is stored).
/// </summary>
public sealed class SignInThrottle(IOptions<IdentityOptions> identity, TimeProvider time)
{
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil);

    public bool IsLocked(string address) =>
        _entries.TryGetValue(address, out var entry) && entry.LockedUntil is { } until && until > time.GetUtcNow();

    /// <summary>Counts a failure; true when the address is now locked.</summary>
    public bool RecordFailure(string address)
    {
        var now = time.GetUtcNow();
        var lockout = identity.Value.Lockout;
        if (_entries.Count >= MaxTracked)
        {
            foreach (var (key, old) in _entries)
            {
                if (old.LockedUntil is { } until && until <= now || old.LockedUntil is null && old.Failures <= 1)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
        var entry = _entries.AddOrUpdate(address, _ => Next(new Entry(0, null)), (_, old) => Next(old));
        return entry.LockedUntil is { } locked && locked > now;

        Entry Next(Entry old)
        {
            if (old.LockedUntil is { } until && until <= now)
            {
                old = new Entry(0, null);
            }
            var failures = old.Failures + 1;
            return failures >= lockout.MaxFailedAccessAttempts
                ? new Entry(0, now + lockout.DefaultLockoutTimeSpan)
                : old with { Failures = failures };
        }
    }

    public void Reset(string address) => _entries.TryRemove(address, out _);
}

/// <summary>
/// Password sign-in that looks the same for existing and unknown addresses: one password hash either way (a dummy
/// hash for unknown addresses and locked ones), the same answers, and the same lockout after repeated failures.
/// </summary>
public sealed class SignInFlow(SignInManager<AppUser> signIn, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, SignInThrottle throttle)
{
    private static readonly AppUser Nobody = new() { UserName = "nobody", Email = "nobody@invalid" };
    private static string? _dummyHash;

    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        email = email.Trim();
        var address = users.NormalizeEmail(email) ?? email.ToUpperInvariant();
        var user = await users.FindByEmailAsync(email);
        if (throttle.IsLocked(address) || (user is not null && await users.IsLockedOutAsync(user)))
        {
            BurnHash(password);
            return SignInOutcome.LockedOut;
        }
        if (user is null)
        {
            BurnHash(password);
            return throttle.RecordFailure(address) ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        }
        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            throttle.Reset(address);
            return SignInOutcome.Succeeded;
        }
        var locked = throttle.RecordFailure(address);
        return locked || result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    /// <summary>The work of checking a password, against a hash no password matches.</summary>
    private void BurnHash(string password)
    {
        var hash = _dummyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}

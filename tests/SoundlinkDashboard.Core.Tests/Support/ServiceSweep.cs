using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Support;

/// <summary>What a sweep passes for the references a method takes: a team slug, and ids of keys, memberships, users, teams.</summary>
public sealed record SweepTarget(string Slug, int TeamId, int KeyId, int MembershipId, string UserId, string Email, int CampaignKey,
    IReadOnlyList<string> CampaignIds, int ShareLinkId = 0);

public sealed record SweepOutcome(string Method, Exception? Thrown, object? Returned);

/// <summary>
/// Finds every public instance method, on every public class of an assembly, that takes the signed-in user as its
/// first parameter, and calls it with arguments built per parameter. A parameter it does not know is reported,
/// never guessed, so a new signature is looked at before it is trusted.
/// </summary>
public static class ServiceSweep
{
    public const string SweepSecret = "sk_live_sweep_0123456789abcdef";

    private static readonly HashSet<string> IdParameters = ["keyId", "membershipId", "userId", "teamId", "campaignKey", "campaignIds", "linkId"];
    private static readonly HashSet<string> SlugParameters = ["teamSlug", "slug"];

    public static IReadOnlyList<MethodInfo> PrincipalMethods(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetParameters() is [var first, ..] && first.ParameterType == typeof(ClaimsPrincipal))
            .OrderBy(Name, StringComparer.Ordinal)
            .ToList();

    public static string Name(MethodInfo method) =>
        $"{method.ReflectedType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Skip(1).Select(p => p.Name))})";

    public static bool TakesSlug(MethodInfo method) => method.GetParameters().Any(p => SlugParameters.Contains(p.Name!));

    public static bool TakesId(MethodInfo method) => method.GetParameters().Any(p => IdParameters.Contains(p.Name!));

    /// <summary>The arguments for one call, or the reason they cannot be built.</summary>
    public static (object?[]? Arguments, string? Problem) Arguments(MethodInfo method, ClaimsPrincipal caller, SweepTarget target)
    {
        var parameters = method.GetParameters();
        var arguments = new object?[parameters.Length];
        arguments[0] = caller;
        if (method.ContainsGenericParameters)
        {
            return (null, $"{Name(method)}: generic methods cannot be swept");
        }
        for (var i = 1; i < parameters.Length; i++)
        {
            var p = parameters[i];
            object? value = (p.ParameterType, p.Name) switch
            {
                (var t, _) when t == typeof(CancellationToken) => CancellationToken.None,
                (var t, "teamSlug" or "slug") when t == typeof(string) => target.Slug,
                (var t, "userId") when t == typeof(string) => target.UserId,
                (var t, "email") when t == typeof(string) => target.Email,
                (var t, "password") when t == typeof(string) => "Sweep-password-1",
                (var t, "name") when t == typeof(string) => "Swept name",
                (var t, "secret") when t == typeof(string) => SweepSecret,
                (var t, "keyId") when t == typeof(int) => target.KeyId,
                (var t, "membershipId") when t == typeof(int) => target.MembershipId,
                (var t, "teamId") when t == typeof(int) || t == typeof(int?) => target.TeamId,
                (var t, "campaignKey") when t == typeof(int) => target.CampaignKey,
                (var t, "linkId") when t == typeof(int) => target.ShareLinkId,
                (var t, "campaignIds") when t.IsAssignableFrom(typeof(List<string>)) => target.CampaignIds.ToList(),
                (var t, "take") when t == typeof(int) => 100,
                // The values that would do the most harm if a check were missing.
                (var t, _) when t == typeof(bool) => true,
                (var t, _) when t == typeof(TeamRole) => TeamRole.Owner,
                (var t, _) when t == typeof(KeyInput) => new KeyInput("Swept key", SweepSecret, KeyHeaderStyle.Bearer, "https://sweep.example"),
                (var t, _) when t == typeof(KeySettings) => new KeySettings("Swept key", KeyHeaderStyle.Bearer, "https://sweep.example"),
                (var t, _) when t == typeof(SoundlinkDashboard.Core.Sharing.ShareLinkInput) => new SoundlinkDashboard.Core.Sharing.ShareLinkInput
                {
                    Name = "Swept link", CampaignIds = target.CampaignIds.ToList(), RollingDays = 28, ViewerMayChangeDates = true, AllowCsv = true,
                },
                (var t, _) when t == typeof(SoundlinkDashboard.Core.Metrics.DashboardRequest) => new SoundlinkDashboard.Core.Metrics.DashboardRequest(
                    new DateOnly(2020, 1, 1), new DateOnly(2030, 12, 31), target.CampaignIds.ToList(), []),
                _ => Unfillable.Value,
            };
            if (value == Unfillable.Value)
            {
                return (null, $"{Name(method)}: the sweep cannot fill parameter {p.ParameterType.Name} {p.Name}; teach ServiceSweep.Arguments what to pass");
            }
            arguments[i] = value;
        }
        return (arguments, null);
    }

    public static async Task<SweepOutcome> InvokeAsync(object service, MethodInfo method, object?[] arguments)
    {
        try
        {
            var result = method.Invoke(service, arguments);
            if (result is Task task)
            {
                await task;
                result = method.ReturnType.IsGenericType ? method.ReturnType.GetProperty("Result")!.GetValue(task) : null;
            }
            return new SweepOutcome(Name(method), null, result);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            return new SweepOutcome(Name(method), ex.InnerException, null);
        }
        catch (Exception ex)
        {
            return new SweepOutcome(Name(method), ex, null);
        }
    }

    /// <summary>The markers found in a returned value (as JSON) or a message.</summary>
    public static IReadOnlyList<string> Leaks(object? value, IEnumerable<string> markers)
    {
        if (value is null)
        {
            return [];
        }
        var text = value as string ?? JsonSerializer.Serialize(value);
        return markers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private sealed class Unfillable
    {
        public static readonly Unfillable Value = new();
    }
}

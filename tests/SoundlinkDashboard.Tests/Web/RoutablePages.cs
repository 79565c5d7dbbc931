using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>
/// Every page of the app, found by reflection: component types with a route. A page added later is
/// covered by the tests that walk this list without anyone adding it to them.
/// </summary>
public static partial class RoutablePages
{
    public static IReadOnlyList<string> Templates { get; } = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>(inherit: false))
        .Select(r => r.Template)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Order(StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<object[]> All => Templates.Select(t => new object[] { t });

    public static IEnumerable<object[]> TeamPages => Templates.Where(IsTeamPage).Select(t => new object[] { t });

    public static IEnumerable<object[]> AdminPages => Templates.Where(IsAdminPage).Select(t => new object[] { t });

    public static bool IsTeamPage(string template) => template.StartsWith("/t/{TeamSlug}", StringComparison.OrdinalIgnoreCase);

    public static bool IsAdminPage(string template) =>
        template.Equals("/admin", StringComparison.OrdinalIgnoreCase) || template.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The address of a page with real values for its route parameters. A parameter without a value fails the
    /// test: a new kind of route parameter needs a real value here, it is never skipped.
    /// </summary>
    public static string Address(string template, IReadOnlyDictionary<string, string> values) =>
        Parameter().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            var value = values.FirstOrDefault(v => string.Equals(v.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            Assert.True(value is not null, $"The route {template} has the parameter {{{name}}}: give the test a real value for it.");
            return Uri.EscapeDataString(value);
        });

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)(?::[^}?]*)?\??\}")]
    private static partial Regex Parameter();
}

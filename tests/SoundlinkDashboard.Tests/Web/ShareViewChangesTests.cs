using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using SoundlinkDashboard.Sharing;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>The allowance of view changes over live circuits (security audit, finding 2), on a fake clock.</summary>
public sealed class ShareViewChangesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    private ShareViewChanges Limits(int perCircuit, int perLink) => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Sharing:ViewChangesPerCircuitPerMinute"] = perCircuit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sharing:ViewChangesPerLinkPerMinute"] = perLink.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }).Build(), _clock);

    [Fact]
    public void One_circuit_gets_its_allowance_per_minute_and_no_more()
    {
        var limits = Limits(perCircuit: 3, perLink: 100);
        var circuit = new ShareViewChanges.WindowCounter();

        var first = Enumerable.Range(0, 5).Select(_ => limits.TryChange(circuit, linkId: 1)).ToList();
        _clock.Advance(TimeSpan.FromSeconds(59));
        var stillRefused = limits.TryChange(circuit, 1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var again = limits.TryChange(circuit, 1);

        Assert.Equal([true, true, true, false, false], first);
        Assert.False(stillRefused);
        Assert.True(again);
    }

    [Fact]
    public void All_circuits_of_one_link_share_its_allowance_and_other_links_are_not_affected()
    {
        var limits = Limits(perCircuit: 10, perLink: 4);
        var circuits = Enumerable.Range(0, 4).Select(_ => new ShareViewChanges.WindowCounter()).ToList();

        var taken = circuits.Select(c => limits.TryChange(c, linkId: 7)).ToList();
        var fresh = new ShareViewChanges.WindowCounter();

        Assert.All(taken, Assert.True);
        Assert.False(limits.TryChange(fresh, 7));
        Assert.True(limits.TryChange(fresh, 8));
        _clock.Advance(ShareViewChanges.Window);
        Assert.True(limits.TryChange(circuits[0], 7));
    }
}

namespace Soundlink.Simulator;

/// <summary>What the fake Soundlink serves: organisations with their keys and a deterministic campaign catalogue.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Same seed, same campaigns and rows.</summary>
    public int Seed { get; set; } = 20261127;

    public List<SimulatedOrganization> Organizations { get; set; } = [];

    public int RequestsPerMinute { get; set; } = 60;
    public int RequestsPerHour { get; set; } = 600;

    /// <summary>When set, every campaign has exactly this many countries (benchmarks); otherwise 20 to 60.</summary>
    public int? CountriesPerCampaign { get; set; }

    /// <summary>When set, every campaign started this many days ago and is still running (benchmarks).</summary>
    public int? DaysRunning { get; set; }

    /// <summary>Lets tests and operators inject faults through /_sim/faults. Off unless asked for.</summary>
    public bool EnableControlEndpoints { get; set; }

    /// <summary>The demo set-up: one organisation, one key with both scopes, six campaigns.</summary>
    public static SimulatorOptions Demo(int seed = 20261127) => new()
    {
        Seed = seed,
        EnableControlEndpoints = true,
        Organizations =
        [
            new SimulatedOrganization
            {
                Id = "a7ac3173-2f71-4e79-921f-d15d7112dd11",
                Campaigns = 6,
                Keys = [new SimulatedKey { Secret = "sk_demo_6f1c0a9e52b84d7fa3e1c2d4b5a69780" }],
            },
        ],
    };
}

public sealed class SimulatedOrganization
{
    public required string Id { get; set; }
    public int Campaigns { get; set; } = 6;
    public List<SimulatedKey> Keys { get; set; } = [];
}

public sealed class SimulatedKey
{
    public required string Secret { get; set; }
    public List<string> Scopes { get; set; } = ["campaigns:read", "metrics:read"];
    public DateTimeOffset? ExpiresAt { get; set; }
    public bool Revoked { get; set; }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Accounts;

public sealed class KeyVaultStorageTests : IAsyncLifetime
{
    private TwoTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await TwoTeams.CreateAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    [Fact]
    public async Task The_database_files_hold_only_ciphertext_of_a_key_and_the_list_shows_sk_and_the_last_four()
    {
        var canary = "sk_live_CANARY" + Guid.NewGuid().ToString("N");
        var name = "canary key " + Guid.NewGuid().ToString("N");

        var added = await _teams.Keys.AddAsync(_teams.A.Owner.Principal, _teams.A.Slug, new KeyInput(name, canary));
        var listed = await _teams.Keys.ListAsync(_teams.A.Viewer.Principal, _teams.A.Slug);

        var bytes = StoreFiles.ReadDatabaseAndWal(_teams.Store.Path);
        // The files read are the live ones: the key's name, stored in clear, is in them.
        Assert.True(Contains(bytes, Encoding.UTF8.GetBytes(name)), "the key's name is not in the database files: wrong files read?");
        Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(canary)), "the secret is in the database files as UTF-8");
        Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(canary)), "the secret is in the database files as UTF-16LE");
        Assert.False(Contains(bytes, Encoding.BigEndianUnicode.GetBytes(canary)), "the secret is in the database files as UTF-16BE");
        Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(canary[8..])), "the secret without its prefix is in the database files");

        var shown = Assert.Single(listed, k => k.Id == added.Id);
        Assert.Equal("sk_…" + canary[^4..], shown.Masked);
        Assert.Equal(shown.Masked, added.Masked);
        Assert.DoesNotContain(canary[..^4], System.Text.Json.JsonSerializer.Serialize(listed));
        Assert.DoesNotContain(canary[..^4], System.Text.Json.JsonSerializer.Serialize(added));
    }

    [Fact]
    public async Task A_restart_with_the_same_key_ring_still_decrypts_the_stored_keys()
    {
        await using var restarted = await _teams.Store.ReopenAsync();
        var vault = restarted.Services.GetRequiredService<KeyVault>();

        foreach (var team in new[] { _teams.A, _teams.B })
        {
            foreach (var seeded in team.Keys)
            {
                var stored = await StoredKeyAsync(restarted, seeded.Id);
                Assert.Equal(seeded.Secret, vault.Reveal(stored));
            }
        }
    }

    [Fact]
    public async Task A_restart_with_another_key_ring_cannot_decrypt_the_stored_keys()
    {
        await using var restarted = await _teams.Store.ReopenAsync(freshKeyRing: true);
        var vault = restarted.Services.GetRequiredService<KeyVault>();
        var stored = await StoredKeyAsync(restarted, _teams.A.Keys[0].Id);

        Assert.ThrowsAny<CryptographicException>(() => vault.Reveal(stored));
    }

    [Fact]
    public async Task A_keys_ciphertext_moved_to_another_team_does_not_decrypt()
    {
        var vault = _teams.Keys;
        var stored = await StoredKeyAsync(_teams.Store, _teams.A.Keys[0].Id);
        var moved = new ApiKey { TeamId = _teams.B.Id, Name = stored.Name, Ciphertext = stored.Ciphertext, Last4 = stored.Last4 };

        Assert.Equal(_teams.A.Keys[0].Secret, vault.Reveal(stored));
        Assert.ThrowsAny<CryptographicException>(() => vault.Reveal(moved));
    }

    private static async Task<ApiKey> StoredKeyAsync(TestStore store, int id)
    {
        await using var db = await store.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleAsync(k => k.Id == id);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}

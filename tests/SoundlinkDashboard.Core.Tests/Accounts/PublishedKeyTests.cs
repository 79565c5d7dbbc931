using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoundlinkDashboard.Core.Accounts;

namespace SoundlinkDashboard.Core.Tests.Accounts;

public sealed class PublishedKeyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("keyring-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_published_key_in_the_key_ring_folder_is_never_loaded_and_nothing_it_protected_opens()
    {
        var published = KeyRingRepository.PublishedKeys.Single();
        // A working key ring first; then its key is renamed to the published id, as if that file had been copied in.
        string secret;
        using (var first = Services())
        {
            secret = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("payload");
        }
        var file = Directory.GetFiles(Path.Combine(_root, "keys"), "key-*.xml").Single();
        var key = XElement.Load(file);
        var originalId = Guid.Parse(key.Attribute("id")!.Value);
        key.SetAttributeValue("id", published.ToString());
        File.Delete(file);
        key.Save(Path.Combine(_root, "keys", $"key-{published}.xml"));

        using var services = Services();
        var keys = services.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.DoesNotContain(keys, k => k.KeyId == published);
        Assert.DoesNotContain(keys, k => k.KeyId == originalId);
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(secret));
        // A new key takes over, so the app still works.
        Assert.Equal("again", protector.Unprotect(protector.Protect("again")));
        Assert.Contains(services.GetRequiredService<IKeyManager>().GetAllKeys(), k => k.KeyId != published);
    }

    private ServiceProvider Services()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:KeysPath"] = "keys" });
        builder.Services.AddLogging();
        builder.AddAccounts();
        return builder.Services.BuildServiceProvider();
    }
}

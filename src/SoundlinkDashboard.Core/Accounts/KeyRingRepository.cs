using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace SoundlinkDashboard.Core.Accounts;

/// <summary>
/// The key ring folder, minus keys that were ever published: such a key protects nothing, so it is never loaded,
/// whatever folder it is found in (a copy of an old checkout, a backup).
/// </summary>
public sealed class KeyRingRepository(DirectoryInfo folder, ILoggerFactory loggers) : IXmlRepository
{
    /// <summary>Keys whose master key was committed to the source repository (removed; see the README's upgrade note).</summary>
    public static readonly IReadOnlySet<Guid> PublishedKeys = new HashSet<Guid>
    {
        Guid.Parse("e6bff820-e568-43f0-bd75-2652778d65e5"),
    };

    private readonly FileSystemXmlRepository _files = new(folder, loggers);
    private readonly ILogger _logger = loggers.CreateLogger<KeyRingRepository>();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var kept = new List<XElement>();
        foreach (var element in _files.GetAllElements())
        {
            if (IsPublished(element))
            {
                _logger.LogWarning("Ignoring Data Protection key {KeyId} in {Folder}: it was published and protects nothing. Delete the file; API keys stored with it must be entered again.",
                    element.Attribute("id")?.Value, folder.FullName);
                continue;
            }
            kept.Add(element);
        }
        return kept;
    }

    public void StoreElement(XElement element, string friendlyName) => _files.StoreElement(element, friendlyName);

    // A key element names itself by id; a revocation names the key it revokes and may stay.
    private static bool IsPublished(XElement element) =>
        element.Name.LocalName == "key" && Guid.TryParse(element.Attribute("id")?.Value, out var id) && PublishedKeys.Contains(id);
}

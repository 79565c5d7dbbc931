namespace SoundlinkDashboard.Tests.Support;

public static class StoreFiles
{
    /// <summary>Every byte of the database file and its write-ahead log, read while the app still has them open.</summary>
    public static byte[] ReadDatabaseAndWal(string path) => ReadShared(path).Concat(ReadShared(path + "-wal")).ToArray();

    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}

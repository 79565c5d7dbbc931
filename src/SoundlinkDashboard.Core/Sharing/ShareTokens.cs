using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SoundlinkDashboard.Core.Sharing;

/// <summary>Share tokens: 256 random bits, URL-safe; only their SHA-256 is ever stored or compared.</summary>
public static class ShareTokens
{
    public const int Bytes = 32;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Whether the text could be a token at all (length and alphabet), before any lookup.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool Matches(byte[] storedHash, string token) => CryptographicOperations.FixedTimeEquals(storedHash, Hash(token));
}

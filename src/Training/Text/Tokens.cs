using System.Security.Cryptography;

namespace Training.Text;

public static class Tokens
{
    /// <summary>An unguessable URL-safe token (256 bits).</summary>
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A short code people can read aloud: no 0/O, 1/I/L.</summary>
    public static string ShortCode(int length = 10)
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Training.Staff;

/// <summary>
/// Identity's authenticator codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, one step of drift either way),
/// each accepted once: the step a code belongs to is stored on the account, and a code of that step or an earlier
/// one is refused, so a code seen over someone's shoulder cannot be used again. Time comes from <see cref="TimeProvider"/>.
/// </summary>
public class SingleUseAuthenticator(TimeProvider time) : AuthenticatorTokenProvider<StaffUser>
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;
        var secret = FromBase32(key);
        if (secret is null) return false;
        var now = time.GetUtcNow().ToUnixTimeSeconds() / (long)Step.TotalSeconds;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token))) continue;
            if (user.LastAuthenticatorStep is { } last && step <= last) return false;
            user.LastAuthenticatorStep = step;
            // Saved with the concurrency stamp: of two requests racing with the same code, only one is accepted.
            return (await manager.UpdateAsync(user)).Succeeded;
        }
        return false;
    }

    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[]? FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c);
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bytes.Add((byte)(buffer >> (bits - 8)));
            bits -= 8;
        }
        return [.. bytes];
    }
}

namespace Training.Registrations;

/// <summary>
/// The booking number a resident reads out on the phone (e.g. K7-4Q2MA): six characters from an alphabet without
/// look-alikes (no 0/O, 1/I/L), a check character, a hyphen after two. It is the registration's id, scrambled by a
/// fixed bijection so consecutive bookings do not look consecutive — not a secret (the resident's page is reached by
/// its own token), only a handle: unique without storage, and a misheard character is caught by the check.
/// </summary>
public static class BookingNumber
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // 31 characters, none that looks like another
    private static readonly long Space = (long)Math.Pow(Alphabet.Length, 6);
    private const long Multiplier = 1_000_003; // prime, so it has an inverse modulo 31^6
    private const long Offset = 48_271_119;
    private static readonly long Inverse = ModInverse(Multiplier, Space);

    public static string For(int registrationId)
    {
        var n = ((registrationId % Space) * Multiplier + Offset) % Space;
        var chars = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(n % Alphabet.Length)];
            n /= Alphabet.Length;
        }
        var code = new string(chars);
        return $"{code[..2]}-{code[2..]}{Check(code)}";
    }

    /// <summary>The registration id a typed or spoken number stands for; null when it is not one (wrong length, a
    /// character outside the alphabet, or a check that does not match). Spaces, hyphens, case and full width are forgiven.</summary>
    public static int? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cleaned = string.Concat(text.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant().Where(char.IsLetterOrDigit));
        if (cleaned.Length != 7) return null;
        long n = 0;
        foreach (var c in cleaned[..6])
        {
            var value = Alphabet.IndexOf(c);
            if (value < 0) return null;
            n = n * Alphabet.Length + value;
        }
        if (Check(cleaned[..6]) != cleaned[6]) return null;
        var id = ((n - Offset) % Space + Space) % Space * Inverse % Space;
        return id is > 0 and <= int.MaxValue ? (int)id : null;
    }

    // Weighted by position, so a swapped pair is caught as well as a misheard character.
    private static char Check(string code)
    {
        var sum = 0;
        for (var i = 0; i < code.Length; i++) sum += (i + 1) * Alphabet.IndexOf(code[i]);
        return Alphabet[sum % Alphabet.Length];
    }

    private static long ModInverse(long a, long m)
    {
        var (t, newT, r, newR) = (0L, 1L, m, a);
        while (newR != 0)
        {
            var q = r / newR;
            (t, newT) = (newT, t - q * newT);
            (r, newR) = (newR, r - q * newR);
        }
        return t < 0 ? t + m : t;
    }
}

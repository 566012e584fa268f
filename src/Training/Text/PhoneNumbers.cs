using System.Text;

namespace Training.Text;

public static class PhoneNumbers
{
    /// <summary>Digits of a phone number typed in any width or with any separators (０９０－１２３４ → 0901234).</summary>
    public static string? Digits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var builder = new StringBuilder();
        foreach (var c in Domestic(phone.Normalize(NormalizationForm.FormKC).Trim()))
            if (c is >= '0' and <= '9') builder.Append(c);
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>Whether a number typed is whole: 10 to 13 digits, so the area code (市外局番) is there.</summary>
    public static bool IsComplete(string? phone) => Digits(phone) is { Length: >= 10 and <= 13 };

    /// <summary>Phone number as people write it, half-width with hyphens kept: "０５５１－２２" → "0551-22".</summary>
    public static string? Normalise(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var text = Domestic(phone.Normalize(NormalizationForm.FormKC).Trim());
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9' or '+' or '(' or ')') builder.Append(c);
            else if (c is '-' or '‐' or '−' or 'ー' or '－' or '―' or '–' or '—' or ' ') builder.Append('-');
        }
        return builder.ToString().Trim('-');
    }

    /// <summary>
    /// Japan's country code written as the number is dialled at home: "+81 551 22 1011" and "+81 (0)90-1234-5678"
    /// become "0551 22 1011" and "090-1234-5678".
    /// </summary>
    private static string Domestic(string text)
    {
        if (!text.StartsWith("+81", StringComparison.Ordinal)) return text;
        var rest = text[3..].TrimStart(' ', '-', '‐', '−');
        if (rest.StartsWith("(0)", StringComparison.Ordinal)) rest = rest[3..].TrimStart(' ', '-');
        return "0" + rest.TrimStart('0');
    }
}

using System.Text;

namespace Training.Text;

public static class PhoneNumbers
{
    /// <summary>Digits of a phone number typed in any width or with any separators (０９０－１２３４ → 0901234).</summary>
    public static string? Digits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var builder = new StringBuilder();
        foreach (var c in phone.Normalize(NormalizationForm.FormKC))
            if (c is >= '0' and <= '9') builder.Append(c);
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>Phone number as people write it, half-width with hyphens kept: "０５５１－２２" → "0551-22".</summary>
    public static string? Normalise(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var text = phone.Normalize(NormalizationForm.FormKC).Trim();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9' or '+' or '(' or ')') builder.Append(c);
            else if (c is '-' or '‐' or '−' or 'ー' or '－' or '―' or '–' or '—' or ' ') builder.Append('-');
        }
        return builder.ToString().Trim('-');
    }
}

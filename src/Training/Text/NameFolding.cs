using System.Globalization;
using System.Text;

namespace Training.Text;

/// <summary>
/// Builds search and sort keys from names and furigana. The keys are for matching only:
/// names themselves are always stored exactly as the person wrote them.
/// </summary>
public static class NameFolding
{
    // Variant and old-form kanji that residents' registers use interchangeably with the common form.
    // Folded for duplicate detection and search only, never for display.
    private static readonly Dictionary<string, string> KanjiVariants = new()
    {
        ["髙"] = "高", ["﨑"] = "崎", ["嵜"] = "崎", ["𠮷"] = "吉", ["邉"] = "辺", ["邊"] = "辺",
        ["齋"] = "斉", ["齊"] = "斉", ["斎"] = "斉", ["濵"] = "浜", ["濱"] = "浜", ["德"] = "徳",
        ["桒"] = "桑", ["冨"] = "富", ["櫻"] = "桜", ["澤"] = "沢", ["國"] = "国", ["廣"] = "広",
        ["實"] = "実", ["龍"] = "竜", ["眞"] = "真", ["惠"] = "恵", ["壽"] = "寿", ["曾"] = "曽",
    };

    /// <summary>Key for search and duplicate detection: NFKC, width and case folded, katakana as hiragana,
    /// variant kanji as their common form, ヴ as ブ, spaces and middle dots removed.</summary>
    public static string SearchKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var builder = new StringBuilder(text.Length);
        foreach (var element in TextElements(text))
        {
            // Variation selectors (U+FE00–FE0F, U+E0100–E01EF) pick a glyph, not a different name.
            var baseElement = StripVariationSelectors(element);
            builder.Append(KanjiVariants.TryGetValue(baseElement, out var common) ? common : baseElement);
        }
        var folded = builder.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        return KanaKey(folded, keepVu: false);
    }

    /// <summary>Sort key for furigana: NFKC (half-width kana become full-width), katakana as hiragana,
    /// without spaces, so that lists come out in あいうえお order.</summary>
    public static string KanaSortKey(string? kana)
        => string.IsNullOrWhiteSpace(kana) ? "" : KanaKey(kana.Normalize(NormalizationForm.FormKC), keepVu: true);

    /// <summary>
    /// The order of people in every list (五十音順): the family name's furigana, then the given name's, so 森 comes before
    /// 森田, 小野 before 小野田 and 中 before 中込 whatever their given names. A space joins the two: it sorts before every
    /// kana, and compared by code point (as the database and <see cref="StringComparer.Ordinal"/> do) a shorter family
    /// name comes first.
    /// </summary>
    public static string PersonSortKey(string? familyKana, string? givenKana) => $"{KanaSortKey(familyKana)} {KanaSortKey(givenKana)}";

    /// <summary>Normalises furigana as typed (half-width kana, full-width spaces) to full-width hiragana with single spaces.</summary>
    public static string NormaliseFurigana(string? kana)
    {
        if (string.IsNullOrWhiteSpace(kana)) return "";
        var text = kana.Normalize(NormalizationForm.FormKC).Trim();
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace) builder.Append(' ');
                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            builder.Append(IsFoldableKatakana(c) ? (char)(c - 0x60) : c);
        }
        return builder.ToString();
    }

    /// <summary>True when the text is hiragana or katakana (with long-vowel marks and spaces) only.</summary>
    public static bool IsKana(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            var ok = c is (>= '\u3041' and <= '\u309F') or (>= '\u30A0' and <= '\u30FF') or ' ' or '\u3000';
            if (!ok) return false;
        }
        return true;
    }

    private static string KanaKey(string text, bool keepVu)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '・' or '･' or '.' or '-' or '‐') continue;
            if (!keepVu && c == 'ヴ') { builder.Append('ぶ'); continue; }
            builder.Append(IsFoldableKatakana(c) ? (char)(c - 0x60) : c);
        }
        return builder.ToString();
    }

    // ァ (U+30A1) … ヶ (U+30F6) map onto ぁ … ゖ by subtracting 0x60; ヷ–ヺ have no hiragana forms.
    private static bool IsFoldableKatakana(char c) => c is >= '\u30A1' and <= '\u30F6';

    private static IEnumerable<string> TextElements(string text)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) yield return (string)enumerator.Current;
    }

    private static string StripVariationSelectors(string element)
    {
        if (element.Length == 1) return element;
        var builder = new StringBuilder(element.Length);
        for (var i = 0; i < element.Length; i++)
        {
            var codePoint = char.ConvertToUtf32(element, i);
            var isSelector = codePoint is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
            if (!isSelector) builder.Append(char.ConvertFromUtf32(codePoint));
            if (char.IsHighSurrogate(element[i])) i++;
        }
        return builder.ToString();
    }
}

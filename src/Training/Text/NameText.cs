using System.Globalization;
using System.Text;

namespace Training.Text;

/// <summary>
/// What a name or its furigana may hold. Names are stored exactly as written, so anything that would make a stored
/// name lie about itself is refused at every door: control characters (NUL included), bidirectional overrides that
/// reorder what a reader sees, broken surrogates, and strings with nothing visible in them. Variation selectors
/// (𠮷, 葛󠄀) are part of a name and stay.
/// </summary>
public static class NameText
{
    public const string ControlMessage = "名前に使えない文字（制御文字や文字の向きを変える記号）が含まれています。";
    public const string InvisibleMessage = "見える文字で入力してください。";

    /// <summary>Each of a person's four name fields that may not be stored, by property name, with its message.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(string? familyName, string? givenName, string? familyNameKana, string? givenNameKana)
    {
        foreach (var (field, value) in new[] { ("FamilyName", familyName), ("GivenName", givenName), ("FamilyNameKana", familyNameKana), ("GivenNameKana", givenNameKana) })
            if (Problem(value) is { } message) yield return (field, message);
    }

    /// <summary>The message for what is wrong with the text, or null when it may be stored.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var visible = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return ControlMessage;
                var codePoint = char.ConvertToUtf32(c, text[++i]);
                if (codePoint is >= 0xE0100 and <= 0xE01EF) continue; // variation selectors supplement
                if (CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Format or UnicodeCategory.PrivateUse) return ControlMessage;
                visible = true;
                continue;
            }
            if (char.IsLowSurrogate(c)) return ControlMessage;
            // U+FFFD stands where bytes could not be decoded: the name is not what was written.
            if (char.IsControl(c) || IsBidiControl(c) || c == '\uFFFD') return ControlMessage;
            if (IsInvisible(c)) continue;
            visible = true;
        }
        return visible ? null : InvisibleMessage;
    }

    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    // Spaces, zero-width characters, variation selectors and fillers: allowed inside a name, never as all of it.
    private static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c) || c is (>= '\uFE00' and <= '\uFE0F') or '\u3164' or '\uFFA0' or '\u115F' or '\u1160' or '\u2800' ||
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}

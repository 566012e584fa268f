using System.Globalization;

namespace Training.Text;

/// <summary>
/// What text that is printed (certificates, rosters, sign-in sheets, the schedule) or shown to residents may hold:
/// no control characters, no marks that reorder what a reader sees (U+202E), nothing invisible that would make two
/// texts that look alike differ (zero-width spaces), and no emoji, which no font of the product can print.
/// Variation selectors (𠮷, 葛󠄀) are part of what is written and stay. Names add their own rules (<see cref="NameText"/>).
/// </summary>
public static class PrintableText
{
    public const string ControlMessage = "使えない文字（制御文字や文字の向きを変える記号）が含まれています。";
    public const string InvisibleMessage = "見えない文字（ゼロ幅の空白など）が含まれています。消してから入力してください。";
    public const string EmojiMessage = "絵文字は使えません（修了証や名簿に印刷できません）。";
    public static readonly string[] Messages = [ControlMessage, InvisibleMessage, EmojiMessage];

    public enum Kind { Visible, Blank, Control, Invisible, Emoji }

    /// <summary>The message for what may not be stored in the text, or null. Line breaks and tabs only where a text has lines.</summary>
    public static string? Problem(string? text, bool lines = false)
    {
        if (string.IsNullOrEmpty(text)) return null;
        for (var i = 0; i < text.Length; i++)
        {
            if (lines && text[i] is '\r' or '\n' or '\t') continue;
            var (kind, width) = KindAt(text, i);
            i += width - 1;
            if (MessageFor(kind) is { } message) return message;
        }
        return null;
    }

    public static string? MessageFor(Kind kind) => kind switch
    {
        Kind.Control => ControlMessage,
        Kind.Invisible => InvisibleMessage,
        Kind.Emoji => EmojiMessage,
        _ => null,
    };

    /// <summary>What the character at <paramref name="index"/> is, and how many UTF-16 units it takes.</summary>
    public static (Kind Kind, int Width) KindAt(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            if (index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1])) return (Kind.Control, 1);
            var codePoint = char.ConvertToUtf32(c, text[index + 1]);
            if (codePoint is >= 0xE0100 and <= 0xE01EF) return (Kind.Blank, 2); // variation selectors supplement (𠮷 with its IVS)
            if (codePoint is >= 0x1F000 and <= 0x1FAFF) return (Kind.Emoji, 2);
            return (CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
            {
                UnicodeCategory.Format => Kind.Invisible,
                UnicodeCategory.PrivateUse => Kind.Control,
                _ => Kind.Visible,
            }, 2);
        }
        if (char.IsLowSurrogate(c)) return (Kind.Control, 1);
        // U+FFFD stands where bytes could not be decoded: the text is not what was written.
        if (char.IsControl(c) || IsBidiControl(c) || c == '\uFFFD') return (Kind.Control, 1);
        if (c == '\uFE0F' || c is >= '\u2600' and <= '\u27BF' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol && IsEmojiOnly(c)) return (Kind.Emoji, 1);
        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) return (Kind.Invisible, 1);
        // Spaces, variation selectors and fillers: allowed, but they show nothing.
        if (char.IsWhiteSpace(c) || c is (>= '\uFE00' and <= '\uFE0E') or '\u3164' or '\uFFA0' or '\u115F' or '\u1160' or '\u2800') return (Kind.Blank, 1);
        return (Kind.Visible, 1);
    }

    // The few symbols of the BMP that exist only as emoji (no Japanese font has them): ☕ ⚽ ✅ ❌ ⭐ and their like.
    private static bool IsEmojiOnly(char c) => c is '\u2614' or '\u2615' or '\u26BD' or '\u26BE' or '\u26C4' or '\u26C5' or '\u26D4' or '\u26EA'
        or '\u26F2' or '\u26F3' or '\u26F5' or '\u26FA' or '\u26FD' or '\u2705' or '\u270A' or '\u270B' or '\u2728' or '\u274C' or '\u274E'
        or '\u2753' or '\u2754' or '\u2755' or '\u2757' or '\u2795' or '\u2796' or '\u2797' or '\u27B0' or '\u27BF';

    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}

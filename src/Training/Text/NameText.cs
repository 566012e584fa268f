using System.Globalization;
using System.Text;

namespace Training.Text;

/// <summary>
/// What a name or its furigana may hold. Names are stored exactly as written, so anything that would make a stored
/// name lie about itself, or that no certificate could print, is refused at every door (<see cref="PrintableText"/>):
/// control characters (NUL included), bidirectional overrides, broken surrogates, zero-width characters, emoji, and
/// strings with nothing visible in them. Variation selectors (𠮷, 葛󠄀) are part of a name and stay.
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
            var (kind, width) = PrintableText.KindAt(text, i);
            i += width - 1;
            switch (kind)
            {
                case PrintableText.Kind.Control: return ControlMessage;
                case PrintableText.Kind.Invisible or PrintableText.Kind.Emoji: return PrintableText.MessageFor(kind);
                case PrintableText.Kind.Visible: visible = true; break;
            }
        }
        return visible ? null : InvisibleMessage;
    }
}

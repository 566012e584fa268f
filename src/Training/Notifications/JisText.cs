using System.Text;

namespace Training.Notifications;

/// <summary>
/// Text for ISO-2022-JP mail (RFC 1468), which old carrier phones read: ASCII and JIS X 0208 only. .NET's encoder is
/// code-page based, so it takes some JIS characters only from their Windows twins (〜 as ～, ‖ as ∥, − as －) and
/// also writes the Windows extension rows (髙, 﨑, ①) that are not JIS X 0208 and that strict decoders reject. This maps
/// the first and refuses the second, so a message either goes as real ISO-2022-JP or stays in UTF-8.
/// </summary>
public static class JisText
{
    private static readonly Dictionary<char, char> WindowsTwins = new()
    {
        ['\u301C'] = '\uFF5E', // 〜 wave dash → ～
        ['\u2016'] = '\u2225', // ‖ → ∥
        ['\u2212'] = '\uFF0D', // − minus → －
        ['\u2014'] = '\u2015', // — em dash → ―
        ['\u00A2'] = '\uFFE0', // ¢ → ￠
        ['\u00A3'] = '\uFFE1', // £ → ￡
        ['\u00AC'] = '\uFFE2', // ¬ → ￢
    };

    private static readonly Lazy<Encoding> ShiftJis = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>The text ready for .NET's ISO-2022-JP encoder, or null when a character is outside ASCII and JIS X 0208.</summary>
    public static string? Prepare(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pair = new char[1];
        foreach (var original in text)
        {
            var c = WindowsTwins.TryGetValue(original, out var twin) ? twin : original;
            if (c < 0x80)
            {
                builder.Append(c);
                continue;
            }
            if (char.IsSurrogate(c)) return null;
            pair[0] = c;
            byte[] bytes;
            try
            {
                bytes = ShiftJis.Value.GetBytes(pair);
            }
            catch (EncoderFallbackException)
            {
                return null;
            }
            // One byte beyond ASCII is half-width katakana, which RFC 1468 does not carry.
            if (bytes.Length != 2 || !IsJisX0208Row(Row(bytes[0], bytes[1]))) return null;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The JIS row (区) of a Shift_JIS double-byte character.</summary>
    private static int Row(byte lead, byte trail)
    {
        var row = lead <= 0x9F ? (lead - 0x81) * 2 + 1 : (lead - 0xC1) * 2 + 1;
        return trail >= 0x9F ? row + 1 : row;
    }

    /// <summary>Rows 1–8 (symbols, kana, Greek, Cyrillic, box drawing) and 16–84 (kanji) are JIS X 0208; row 13 and 89 on
    /// are NEC and IBM extensions.</summary>
    public static bool IsJisX0208Row(int row) => row is >= 1 and <= 8 or >= 16 and <= 84;
}

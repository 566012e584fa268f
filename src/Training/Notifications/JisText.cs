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

    /// <summary>The longest line a 7bit body may carry (RFC 5322), not counting its CRLF.</summary>
    public const int MaxLineBytes = 998;

    private static readonly byte[] ToJis = [0x1B, (byte)'$', (byte)'B'];
    private static readonly byte[] ToAscii = [0x1B, (byte)'(', (byte)'B'];

    /// <summary>
    /// A body for a 7bit ISO-2022-JP part as RFC 1468 asks: ESC $ B before JIS X 0208, ESC ( B back to ASCII before
    /// every CRLF and at the end, lines of at most <paramref name="maxLineBytes"/> bytes. A longer line is wrapped after
    /// a space, 、 or 。, or between two tags, where there is one, and never inside an escape sequence or a character.
    /// </summary>
    /// <param name="prepared">Text from <see cref="Prepare"/> (ASCII and JIS X 0208 only).</param>
    public static byte[] EncodeBody(string prepared, int maxLineBytes = MaxLineBytes)
    {
        using var output = new MemoryStream(prepared.Length * 2);
        var lines = prepared.ReplaceLineEndings("\n").Split('\n');
        var first = true;
        foreach (var line in lines)
        foreach (var piece in Wrap(line, maxLineBytes))
        {
            if (!first) output.Write("\r\n"u8);
            first = false;
            EncodeLine(piece, output);
        }
        return output.ToArray();
    }

    /// <summary>The pieces of one line, each of which encodes to at most <paramref name="maxLineBytes"/> bytes.</summary>
    private static IEnumerable<string> Wrap(string line, int maxLineBytes)
    {
        var start = 0;
        while (EncodedLength(line.AsSpan(start)) > maxLineBytes)
        {
            var end = start;
            var lastBreak = -1;
            while (end < line.Length && EncodedLength(line.AsSpan(start, end + 1 - start)) <= maxLineBytes)
            {
                end++;
                if (end < line.Length && IsBreakBefore(line, end)) lastBreak = end;
            }
            var cut = lastBreak > start ? lastBreak : Math.Max(end, start + 1);
            yield return line[start..cut];
            start = cut;
        }
        yield return line[start..];
    }

    /// <summary>After a space, 、 or 。, or between a tag's end and the next tag's start.</summary>
    private static bool IsBreakBefore(string line, int index) =>
        line[index - 1] is ' ' or '\t' or '、' or '。' || (line[index - 1] == '>' && line[index] == '<');

    /// <summary>Bytes the text takes as one ISO-2022-JP line ending in ASCII.</summary>
    private static int EncodedLength(ReadOnlySpan<char> text)
    {
        var length = 0;
        var jis = false;
        foreach (var c in text)
        {
            var wide = c >= 0x80;
            if (wide != jis) length += 3;
            jis = wide;
            length += wide ? 2 : 1;
        }
        return jis ? length + 3 : length;
    }

    private static void EncodeLine(string line, Stream output)
    {
        var jis = false;
        var pair = new char[1];
        foreach (var c in line)
        {
            if (c < 0x80)
            {
                if (jis) output.Write(ToAscii);
                jis = false;
                output.WriteByte((byte)c);
                continue;
            }
            if (!jis) output.Write(ToJis);
            jis = true;
            pair[0] = c;
            var sjis = ShiftJis.Value.GetBytes(pair);
            if (sjis.Length != 2 || !IsJisX0208Row(Row(sjis[0], sjis[1])))
                throw new ArgumentException($"'{c}' is not JIS X 0208; run the text through JisText.Prepare first.", nameof(line));
            output.WriteByte((byte)(Row(sjis[0], sjis[1]) + 0x20));
            output.WriteByte((byte)(Cell(sjis[1]) + 0x20));
        }
        if (jis) output.Write(ToAscii);
    }

    /// <summary>The JIS cell (点) of a Shift_JIS double-byte character's trail byte.</summary>
    private static int Cell(byte trail) => trail >= 0x9F ? trail - 0x9E : trail - (trail >= 0x80 ? 0x40 : 0x3F);

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

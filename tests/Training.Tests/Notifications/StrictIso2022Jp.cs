using System.Text;

namespace Training.Tests.Notifications;

/// <summary>
/// A strict RFC 1468 decoder, as the oldest carrier phones read mail: 7-bit bytes only; only the escapes ESC ( B
/// (ASCII), ESC ( J (JIS X 0201 Roman) and ESC $ B (JIS X 0208); in JIS X 0208 mode only pairs of 0x21–0x7E in the
/// rows JIS X 0208 defines; every line back in ASCII or Roman before its CRLF and at the end; CR and LF only as CRLF;
/// no line longer than 998 bytes. Anything else throws <see cref="FormatException"/> naming the byte.
/// </summary>
public static class StrictIso2022Jp
{
    private static readonly Encoding EucJp;

    static StrictIso2022Jp()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        EucJp = Encoding.GetEncoding(51932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    private enum Mode { Ascii, Roman, Jis }

    public static string Decode(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length);
        var mode = Mode.Ascii;
        var lineStart = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b >= 0x80) throw Bad(bytes, i, $"an 8-bit byte 0x{b:X2}");
            if (b == 0x1B)
            {
                mode = (i + 2 < bytes.Length ? (char)bytes[i + 1] + "" + (char)bytes[i + 2] : "") switch
                {
                    "(B" => Mode.Ascii,
                    "(J" => Mode.Roman,
                    "$B" => Mode.Jis,
                    _ => throw Bad(bytes, i, "an escape other than ESC ( B, ESC ( J or ESC $ B"),
                };
                i += 2;
                continue;
            }
            if (b is 0x0D or 0x0A)
            {
                if (b == 0x0A || i + 1 >= bytes.Length || bytes[i + 1] != 0x0A) throw Bad(bytes, i, "a CR or LF that is not CRLF");
                if (mode == Mode.Jis) throw Bad(bytes, i, "a line that ends in JIS X 0208 mode");
                if (i - lineStart > 998) throw Bad(bytes, i, $"a line of {i - lineStart} bytes");
                text.Append("\r\n");
                i++;
                lineStart = i + 1;
                continue;
            }
            switch (mode)
            {
                case Mode.Jis:
                    if (i + 1 >= bytes.Length) throw Bad(bytes, i, "half a JIS X 0208 character");
                    var (first, second) = (bytes[i], bytes[i + 1]);
                    if (first is < 0x21 or > 0x7E || second is < 0x21 or > 0x7E) throw Bad(bytes, i, "a JIS X 0208 byte outside 0x21–0x7E");
                    var row = first - 0x20;
                    if (row is not (>= 1 and <= 8 or >= 16 and <= 84)) throw Bad(bytes, i, $"row {row}, which JIS X 0208 does not define");
                    try
                    {
                        text.Append(EucJp.GetString([(byte)(first | 0x80), (byte)(second | 0x80)]));
                    }
                    catch (DecoderFallbackException)
                    {
                        throw Bad(bytes, i, $"an unassigned JIS X 0208 cell {row}-{second - 0x20}");
                    }
                    i++;
                    break;
                case Mode.Roman:
                    text.Append(b switch { 0x5C => '¥', 0x7E => '‾', _ => (char)b });
                    break;
                default:
                    text.Append((char)b);
                    break;
            }
        }
        if (mode == Mode.Jis) throw Bad(bytes, bytes.Length, "text that ends in JIS X 0208 mode");
        if (bytes.Length - lineStart > 998) throw Bad(bytes, bytes.Length, $"a line of {bytes.Length - lineStart} bytes");
        return text.ToString();
    }

    private static FormatException Bad(byte[] bytes, int at, string what)
    {
        var from = Math.Max(0, at - 20);
        var around = string.Concat(bytes[from..Math.Min(bytes.Length, at + 20)].Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"<{b:X2}>"));
        return new FormatException($"Not strict ISO-2022-JP: {what} at byte {at} (…{around}…)");
    }
}

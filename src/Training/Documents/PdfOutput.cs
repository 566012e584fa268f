using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Training.Documents;

/// <summary>
/// Saves PDFs so their text reads back exactly (copy-paste, search, screen readers, pdftotext), including characters
/// outside the BMP. PDFsharp 6.2.4 writes such a character into the font's ToUnicode CMap as its code point
/// (&lt;20BB7&gt; for 𠮷) where PDF requires UTF-16BE (&lt;D842DFB7&gt;); the glyph is right, the text is garbage. Those
/// entries are rewritten after saving.
/// </summary>
public static partial class PdfOutput
{
    public static byte[] Save(PdfDocument document, bool mayHoldSupplementaryCharacters)
    {
        // Saved uncompressed, then every stream compressed once with the runtime's zlib (see PdfFontCompaction).
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        using var stream = new MemoryStream(256 * 1024);
        document.Save(stream, closeStream: false);
        if (!mayHoldSupplementaryCharacters) return PdfFontCompaction.Compact(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        var fixedPdf = FixToUnicode(stream.ToArray());
        return PdfFontCompaction.Compact(fixedPdf);
    }

    public static bool HasSupplementaryCharacters(IEnumerable<string?> texts) => texts.Any(t => t is not null && t.Any(char.IsSurrogate));

    /// <summary>Rewrites 5- and 6-digit code points in ToUnicode CMaps as UTF-16BE surrogate pairs.</summary>
    public static byte[] FixToUnicode(byte[] pdf)
    {
        using var input = new MemoryStream(pdf);
        var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        var changed = false;
        foreach (var obj in document.Internals.GetAllObjects())
        {
            if (obj is not PdfDictionary font || font.Elements.GetReference("/ToUnicode")?.Value is not PdfDictionary cmap || cmap.Stream is null)
                continue;
            var text = Encoding.Latin1.GetString(cmap.Stream.UnfilteredValue);
            var fixedText = SupplementaryDestination().Replace(text, match =>
            {
                var codePoint = int.Parse(match.Groups[1].Value, NumberStyles.HexNumber);
                var utf16 = char.ConvertFromUtf32(codePoint);
                return $"<{(int)utf16[0]:X4}{(int)utf16[1]:X4}>";
            });
            if (fixedText == text) continue;
            cmap.Elements.Remove("/Filter");
            cmap.Elements.Remove("/DecodeParms");
            cmap.Stream.Value = Encoding.Latin1.GetBytes(fixedText);
            changed = true;
        }
        if (!changed) return pdf;
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    // Source codes in these CMaps are 2-byte glyph ids (4 hex digits); only destinations can have 5 or 6.
    [GeneratedRegex("<(1[0-9A-Fa-f]{4}|[2-9A-Fa-f][0-9A-Fa-f]{4}|10[0-9A-Fa-f]{4})>")]
    private static partial Regex SupplementaryDestination();
}

using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Training.Documents;

/// <summary>
/// Shrinks and speeds up the embedded font subsets PDFsharp writes. PDFsharp keeps every glyph id of a subset, so
/// its metrics table (hmtx) still lists all 12,000+ glyphs of IPAex Mincho; those entries are most of a
/// certificate's bytes and most of its deflate time. The document is saved with its font files uncompressed; this
/// blanks the metrics of glyphs the subset does not contain (the PDF's own width array is what viewers use), then
/// compresses the font file once at a fast level and corrects the cross-reference offsets.
/// </summary>
public static partial class PdfFontCompaction
{
    private static readonly ZLibCompressionOptions Compression = new() { CompressionLevel = 2 };

    /// <summary>
    /// Returns the PDF with every stream PDFsharp left unfiltered compressed once, by the runtime's zlib: font files
    /// compacted first, page content and the rest as they are. (PDFsharp's own deflater omits the Adler-32 checksum
    /// that strict readers such as qpdf require, so the document is saved uncompressed and compressed here.) A stream
    /// whose length is indirect, or that already has a filter, is left as it is.
    /// </summary>
    public static byte[] Compact(Span<byte> pdf)
    {
        // Byte searches rather than a string copy of the whole file: a certificate is ~150 KB before compaction, and
        // large temporary strings are what makes the garbage collector stall under load.
        var streams = FindUnfilteredStreams(pdf);
        var xref = pdf.LastIndexOf("\nxref\n"u8);
        var startXref = pdf.LastIndexOf("startxref"u8);
        if (streams.Count == 0 || xref < 0 || startXref < xref || streams[^1].End > xref) return pdf.ToArray();

        using var output = new MemoryStream(pdf.Length / 2);
        var shifts = new List<(int At, int Delta)>();
        var copied = 0;
        // One scratch buffer for every stream of the document: compressed data is copied out before the next.
        using var compressed = new MemoryStream(64 * 1024);
        foreach (var stream in streams)
        {
            output.Write(pdf[copied..stream.DictionaryStart]);
            // Blanked in place: the buffer is the caller's scratch copy, and a second 130 KB array per PDF is garbage.
            var data = pdf.Slice(stream.DataStart, stream.Length);
            if (stream.IsFontFile) TrueTypeMetrics.BlankUnusedGlyphs(data);
            compressed.SetLength(0);
            using (var zlib = new ZLibStream(compressed, Compression, leaveOpen: true)) zlib.Write(data);
            output.Write(Encoding.Latin1.GetBytes(stream.Dictionary((int)compressed.Length)));
            output.Write("\nstream\n"u8);
            output.Write(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
            copied = stream.DataStart + stream.Length;
            shifts.Add((copied, (int)output.Length - copied));
        }
        output.Write(pdf[copied..(xref + 1)]);
        var newXref = (int)output.Length;
        output.Write(Encoding.Latin1.GetBytes(RewriteXref(Encoding.Latin1.GetString(pdf[(xref + 1)..startXref]), shifts)));
        output.Write(Encoding.Latin1.GetBytes($"startxref\n{newXref}\n%%EOF\n"));
        return output.ToArray();
    }

    /// <param name="Entries">The dictionary's text between its brackets, without /Length.</param>
    private sealed record UnfilteredStream(int DictionaryStart, string Entries, int DataStart, int Length, int End)
    {
        public bool IsFontFile => Entries.Contains("/Length1", StringComparison.Ordinal);
        public string Dictionary(int compressedLength) => $"<<{Entries}/Filter/FlateDecode/Length {compressedLength}>>";
    }

    // PDFsharp writes each stream object as "n 0 obj\n<<…/Length n…>>\nstream\n…\nendstream".
    private static List<UnfilteredStream> FindUnfilteredStreams(ReadOnlySpan<byte> pdf)
    {
        var streams = new List<UnfilteredStream>();
        var at = 0;
        while (true)
        {
            var found = pdf[at..].IndexOf(">>\nstream"u8);
            if (found < 0) return streams;
            var close = at + found;
            at = close + 2;
            var objStart = pdf[..close].LastIndexOf(" obj"u8);
            if (objStart < 0) continue;
            var open = objStart + pdf[objStart..close].IndexOf("<<"u8);
            if (open < objStart) continue;
            var entries = Encoding.Latin1.GetString(pdf[(open + 2)..close]);
            if (entries.Contains("/Filter", StringComparison.Ordinal)) continue;
            var length = LengthEntry().Match(entries);
            if (!length.Success || !int.TryParse(length.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var size)) continue;
            var data = close + ">>\nstream\n".Length;
            if (data + size > pdf.Length || !pdf[(data + size)..].TrimStart(" \r\n"u8).StartsWith("endstream"u8)) continue;
            streams.Add(new UnfilteredStream(open, entries.Remove(length.Index, length.Length), data, size, data + size));
            at = data + size;
        }
    }

    // A direct length only ("/Length 12 0 R" is indirect); never /Length1, /Length2 … of font files.
    [System.Text.RegularExpressions.GeneratedRegex(@"/Length\s+(\d+)(?![\d\s]*R)(?=[/>\s]|$)")]
    private static partial System.Text.RegularExpressions.Regex LengthEntry();

    private static string RewriteXref(string table, List<(int At, int Delta)> shifts)
    {
        var result = new StringBuilder(table.Length);
        foreach (var line in table.Split('\n'))
        {
            if (line.Length >= 18 && line[10] == ' ' && line[16] == ' ' && line[17] == 'n'
                && int.TryParse(line.AsSpan(0, 10), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                // Each shift is the running total up to its font file, so the last one before the object applies.
                var delta = shifts.LastOrDefault(s => offset >= s.At).Delta;
                result.Append((offset + delta).ToString("D10", CultureInfo.InvariantCulture)).Append(line.AsSpan(10)).Append('\n');
            }
            else if (line.Length > 0)
            {
                result.Append(line).Append('\n');
            }
        }
        return result.ToString();
    }
}

/// <summary>Just enough of the TrueType format to blank the metrics of glyphs a subset left empty.</summary>
internal static class TrueTypeMetrics
{
    public static void BlankUnusedGlyphs(Span<byte> font)
    {
        var tables = Tables(font);
        if (!tables.TryGetValue("head", out var head) || !tables.TryGetValue("hhea", out var hhea)
            || !tables.TryGetValue("loca", out var loca) || !tables.TryGetValue("hmtx", out var hmtx)) return;
        var longOffsets = BinaryPrimitives.ReadInt16BigEndian(font[(head.Offset + 50)..]) == 1;
        var glyphCount = loca.Length / (longOffsets ? 4 : 2) - 1;
        var metricsCount = BinaryPrimitives.ReadUInt16BigEndian(font[(hhea.Offset + 34)..]);
        var locations = font.Slice(loca.Offset, loca.Length);
        // Glyph 0 (.notdef) keeps its metrics whatever its outline.
        for (var glyph = 1; glyph < glyphCount; glyph++)
        {
            if (Location(locations, longOffsets, glyph + 1) > Location(locations, longOffsets, glyph)) continue;
            var entry = glyph < metricsCount ? hmtx.Offset + glyph * 4 : hmtx.Offset + metricsCount * 4 + (glyph - metricsCount) * 2;
            var size = glyph < metricsCount ? 4 : 2;
            if (entry + size <= hmtx.Offset + hmtx.Length) font.Slice(entry, size).Clear();
        }
        WriteChecksum(font, hmtx);
        // The whole-font adjustment in head keeps the file's checksum at the magic value, as the format asks.
        font.Slice(head.Offset + 8, 4).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(font[(head.Offset + 8)..], 0xB1B0AFBA - Checksum(font, 0, font.Length));
    }

    private static uint Location(ReadOnlySpan<byte> loca, bool longOffsets, int glyph) => longOffsets
        ? BinaryPrimitives.ReadUInt32BigEndian(loca[(glyph * 4)..])
        : BinaryPrimitives.ReadUInt16BigEndian(loca[(glyph * 2)..]) * 2u;

    private sealed record Table(int Record, int Offset, int Length);

    private static Dictionary<string, Table> Tables(ReadOnlySpan<byte> font)
    {
        var tables = new Dictionary<string, Table>();
        var count = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + i * 16;
            var tag = Encoding.ASCII.GetString(font.Slice(record, 4));
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(font[(record + 8)..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(font[(record + 12)..]);
            if (offset + length <= font.Length) tables[tag] = new Table(record, offset, length);
        }
        return tables;
    }

    private static void WriteChecksum(Span<byte> font, Table table) =>
        BinaryPrimitives.WriteUInt32BigEndian(font[(table.Record + 4)..], Checksum(font, table.Offset, table.Length));

    private static uint Checksum(ReadOnlySpan<byte> font, int offset, int length)
    {
        uint sum = 0;
        for (var i = 0; i < length; i += 4)
        {
            uint word = 0;
            for (var b = 0; b < 4; b++) word = (word << 8) | (offset + i + b < font.Length && i + b < length ? font[offset + i + b] : 0u);
            sum += word;
        }
        return sum;
    }
}

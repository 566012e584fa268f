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
public static class PdfFontCompaction
{
    private static readonly ZLibCompressionOptions Compression = new() { CompressionLevel = 2 };

    /// <summary>Returns the PDF with its uncompressed font files compacted; anything it does not recognise is left as it is.</summary>
    public static byte[] Compact(Span<byte> pdf)
    {
        // Byte searches rather than a string copy of the whole file: a certificate is ~150 KB before compaction, and
        // large temporary strings are what makes the garbage collector stall under load.
        var fontFiles = FindUncompressedFontFiles(pdf);
        var xref = pdf.LastIndexOf("\nxref\n"u8);
        var startXref = pdf.LastIndexOf("startxref"u8);
        if (fontFiles.Count == 0 || xref < 0 || startXref < xref || fontFiles[^1].End > xref) return pdf.ToArray();

        using var output = new MemoryStream(pdf.Length / 3);
        var shifts = new List<(int At, int Delta)>();
        var copied = 0;
        foreach (var file in fontFiles)
        {
            output.Write(pdf[copied..file.DictionaryStart]);
            // Blanked in place: the buffer is the caller's scratch copy, and a second 130 KB array per PDF is garbage.
            var font = pdf.Slice(file.DataStart, file.Length);
            TrueTypeMetrics.BlankUnusedGlyphs(font);
            var compressed = Deflate(font);
            output.Write(Encoding.Latin1.GetBytes($"<</Length1 {file.Length}/Filter/FlateDecode/Length {compressed.Length}>>\nstream\n"));
            output.Write(compressed);
            copied = file.DataStart + file.Length;
            shifts.Add((copied, (int)output.Length - copied));
        }
        output.Write(pdf[copied..(xref + 1)]);
        var newXref = (int)output.Length;
        output.Write(Encoding.Latin1.GetBytes(RewriteXref(Encoding.Latin1.GetString(pdf[(xref + 1)..startXref]), shifts)));
        output.Write(Encoding.Latin1.GetBytes($"startxref\n{newXref}\n%%EOF\n"));
        return output.ToArray();
    }

    private static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var buffer = new MemoryStream(data.Length / 3);
        using (var zlib = new ZLibStream(buffer, Compression, leaveOpen: true)) zlib.Write(data);
        return buffer.ToArray();
    }

    private sealed record FontFile(int DictionaryStart, int DataStart, int Length, int End);

    // PDFsharp writes an uncompressed font file as "<</Length1 n/Length n>>\nstream\n…".
    private static List<FontFile> FindUncompressedFontFiles(ReadOnlySpan<byte> pdf)
    {
        var files = new List<FontFile>();
        var at = 0;
        while (true)
        {
            var found = pdf[at..].IndexOf("<</Length1 "u8);
            if (found < 0) return files;
            var start = at + found;
            var close = start + pdf[start..].IndexOf(">>"u8);
            if (close < start) return files;
            var parts = Encoding.Latin1.GetString(pdf[(start + 2)..close]).Split('/', StringSplitOptions.RemoveEmptyEntries);
            var rest = pdf[(close + 2)..];
            var whitespace = rest.Length - rest.TrimStart(" \r\n"u8).Length;
            if (parts.Length == 2 && parts[0].StartsWith("Length1 ", StringComparison.Ordinal) && parts[1].StartsWith("Length ", StringComparison.Ordinal)
                && int.TryParse(parts[1].AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && rest[whitespace..].StartsWith("stream"u8))
            {
                var data = close + 2 + whitespace + "stream".Length;
                data += pdf[data] == (byte)'\r' ? 2 : 1;
                if (data + length <= pdf.Length && pdf[(data + length)..].TrimStart(" \r\n"u8).StartsWith("endstream"u8))
                    files.Add(new FontFile(start, data, length, data + length));
            }
            at = close;
        }
    }

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

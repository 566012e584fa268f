using System.Buffers.Binary;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Documents;
using Training.Tests.Infrastructure;

namespace Training.Tests.Documents;

/// <summary>Embedded font subsets are compacted after PDFsharp saves: smaller files that still read and render the same.</summary>
public class PdfFontCompactionTests
{
    private static readonly string Fonts = Path.Combine(RepositoryPaths.Root, "templates", "fonts");

    [Fact]
    public void A_page_of_Japanese_text_is_small_and_reads_back_exactly()
    {
        var pdf = PageWith("生活支援サポーター養成講座　山﨑 和子 髙橋 花子");

        Assert.InRange(pdf.Length, 1_000, 40_000);
        using var read = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.Equal("生活支援サポーター養成講座　山﨑和子髙橋花子", string.Concat(read.GetPage(1).Letters.Select(l => l.Value)).Replace(" ", ""));
    }

    [Fact]
    public void The_font_file_is_deflated_and_keeps_the_metrics_of_the_glyphs_it_draws()
    {
        var pdf = PageWith("修了証");
        using var read = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);

        var fontFile = read.Internals.GetAllObjects().OfType<PdfDictionary>().Single(d => d.Elements.ContainsKey("/Length1"));
        Assert.Equal("/FlateDecode", fontFile.Elements.GetName("/Filter"));
        var font = fontFile.Stream.UnfilteredValue;
        Assert.Equal(fontFile.Elements.GetInteger("/Length1"), font.Length);

        var (advances, drawnGlyphs) = Metrics(font);
        Assert.Equal(3, drawnGlyphs.Count(g => g != 0));
        Assert.All(drawnGlyphs, glyph => Assert.True(advances[glyph] > 0));
        Assert.Equal(advances.Length - drawnGlyphs.Count, advances.Count(a => a == 0));
    }

    [Fact]
    public void A_file_without_an_uncompressed_font_is_returned_unchanged()
    {
        var notAFont = Encoding.Latin1.GetBytes("%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n43\n%%EOF\n");

        Assert.Equal(notAFont, PdfFontCompaction.Compact(notAFont));
    }

    private static byte[] PageWith(string text)
    {
        // The same fonts as every other PDF in the process: the resolver is installed once, by whoever comes first.
        PdfFonts.Install(Fonts, new Training.Configuration.DocumentsOptions().Fallbacks());
        var document = new PdfDocument();
        using (var gfx = XGraphics.FromPdfPage(document.AddPage()))
            PdfText.DrawLeft(gfx, text, PdfFonts.Mincho, 14, XBrushes.Black, 40, 40);
        return PdfOutput.Save(document, mayHoldSupplementaryCharacters: false);
    }

    /// <summary>Advance widths of every glyph, and the glyphs that have an outline (the ones the subset kept).</summary>
    private static (int[] Advances, List<int> Drawn) Metrics(byte[] font)
    {
        var tables = new Dictionary<string, (int Offset, int Length)>();
        for (var i = 0; i < BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4)); i++)
            tables[Encoding.ASCII.GetString(font, 12 + i * 16, 4)] = ((int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + i * 16 + 8)),
                (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + i * 16 + 12)));
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(tables["head"].Offset + 50)) == 1;
        var glyphs = tables["loca"].Length / (longLoca ? 4 : 2) - 1;
        var metrics = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["hhea"].Offset + 34));
        long Location(int g) => longLoca ? BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(tables["loca"].Offset + g * 4)) : BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["loca"].Offset + g * 2)) * 2L;
        var advances = Enumerable.Range(0, Math.Min(glyphs, metrics)).Select(g => (int)BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["hmtx"].Offset + g * 4))).ToArray();
        var drawn = Enumerable.Range(0, advances.Length).Where(g => g == 0 || Location(g + 1) > Location(g)).ToList();
        return (advances, drawn);
    }
}

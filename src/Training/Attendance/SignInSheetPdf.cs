using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Attendance;

public sealed record SignInSheetLine(string FullNameKana, string FullName, string? Note);

/// <summary>
/// The paper sign-in sheet (出席簿) for one session: A4, registrants in furigana order, a box to sign or stamp,
/// remarks, and blank lines for people who come without registering. Typed in later from the paper.
/// </summary>
public class SignInSheetPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 36;
    private const double RowHeight = 30;

    public byte[] Render(string program, string course, int sequenceNumber, DateTime localStart, DateTime localEnd, string venue,
        IReadOnlyList<SignInSheetLine> lines, int blankLines = 8)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"出席簿 {program} 第{sequenceNumber}回";
        var title = PdfFonts.Font(PdfFonts.Gothic, 18, bold: true);
        var heading = PdfFonts.Font(PdfFonts.Gothic, 10.5, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 12);
        var kana = PdfFonts.Font(PdfFonts.Gothic, 8);
        double[] widths = [30, 200, 150, 143];
        string[] labels = ["番号", "お名前", "署名・印", "備考"];
        var all = lines.Select(l => (SignInSheetLine?)l).Concat(Enumerable.Repeat<SignInSheetLine?>(null, blankLines)).ToList();

        var index = 0;
        while (index < all.Count || document.PageCount == 0)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            using var gfx = XGraphics.FromPdfPage(page);
            var y = Margin;
            var width = page.Width.Point - 2 * Margin;
            gfx.DrawString("出席簿", title, XBrushes.Black, Margin, y + 18);
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", kana, XBrushes.Black,
                new XRect(Margin, y, width, 12), XStringFormats.TopRight);
            y += 30;
            // A long program or course name, or venue, wraps onto more lines: nothing runs off the paper.
            y += PdfText.DrawLines(gfx, PdfText.Fit(gfx, $"{program}（{course}）第{sequenceNumber}回", PdfFonts.Gothic, 10.5, 9, width, bold: true),
                PdfFonts.Gothic, XBrushes.Black, Margin, y, bold: true) + 4;
            y += PdfText.DrawLines(gfx, PdfText.Fit(gfx, $"{JapaneseDates.FullDate(DateOnly.FromDateTime(localStart))}　{localStart:HH:mm}〜{localEnd:HH:mm}　{venue}",
                PdfFonts.Gothic, 12, 9, width), PdfFonts.Gothic, XBrushes.Black, Margin, y) + 8;
            PdfLayout.DrawTableHeading(gfx, Margin, y, widths, labels, heading);
            y += 20;
            double x;
            var pen = new XPen(XColors.Black, 0.6);
            while (index < all.Count)
            {
                var line = all[index];
                // Long names shrink, then wrap; the row grows to hold them (as certificates do).
                var kanaText = line is null ? ((double, IReadOnlyList<string>))(8, []) : PdfText.Fit(gfx, line.FullNameKana, PdfFonts.Gothic, 8, 6, widths[1] - 8);
                var name = line is null ? ((double, IReadOnlyList<string>))(12, []) : PdfText.Fit(gfx, line.FullName, PdfFonts.Gothic, 12, 9, widths[1] - 8);
                var note = string.IsNullOrEmpty(line?.Note) ? ((double, IReadOnlyList<string>))(8, []) : PdfText.Fit(gfx, line.Note, PdfFonts.Gothic, 8, 7, widths[3] - 8);
                var rowHeight = Math.Max(RowHeight, Math.Max(PdfText.Height(kanaText) + PdfText.Height(name) + 6, PdfText.Height(note) + 8));
                if (y + rowHeight > page.Height.Point - Margin - 16 && y > Margin + 120) break;
                x = Margin;
                gfx.DrawString($"{index + 1}", body, XBrushes.Black, new XRect(x, y + 8, widths[0] - 6, 16), XStringFormats.TopRight);
                x += widths[0];
                if (line is not null)
                {
                    var nameTop = y + 2 + PdfText.DrawLines(gfx, kanaText, PdfFonts.Gothic, XBrushes.Black, x + 4, y + 2);
                    PdfText.DrawLines(gfx, name, PdfFonts.Gothic, XBrushes.Black, x + 4, nameTop);
                    PdfText.DrawLines(gfx, note, PdfFonts.Gothic, XBrushes.Black, Margin + widths[0] + widths[1] + widths[2] + 4, y + 4);
                }
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, widths, rowHeight);
                y += rowHeight;
                index++;
            }
            gfx.DrawString($"{document.PageCount} ページ　　出席の確認後、出欠をシステムに入力してください。", kana, XBrushes.Black,
                new XRect(Margin, page.Height.Point - Margin, page.Width.Point - 2 * Margin, 12), XStringFormats.TopCenter);
        }
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(lines.SelectMany(l => new[] { l.FullName, l.Note })));
    }
}

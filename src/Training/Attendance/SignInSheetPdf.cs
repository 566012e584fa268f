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
            gfx.DrawString("出席簿", title, XBrushes.Black, Margin, y + 18);
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", kana, XBrushes.Black,
                new XRect(Margin, y, page.Width.Point - 2 * Margin, 12), XStringFormats.TopRight);
            y += 30;
            gfx.DrawString($"{program}（{course}）第{sequenceNumber}回", heading, XBrushes.Black, Margin, y + 12);
            gfx.DrawString($"{JapaneseDates.FullDate(DateOnly.FromDateTime(localStart))}　{localStart:HH:mm}〜{localEnd:HH:mm}　{venue}", body, XBrushes.Black, Margin, y + 30);
            y += 44;
            PdfLayout.DrawTableHeading(gfx, Margin, y, widths, labels, heading);
            y += 20;
            double x;
            var pen = new XPen(XColors.Black, 0.6);
            while (index < all.Count && y + RowHeight <= page.Height.Point - Margin - 16)
            {
                var line = all[index];
                x = Margin;
                gfx.DrawString($"{index + 1}", body, XBrushes.Black, new XRect(x, y + 8, widths[0] - 6, 16), XStringFormats.TopRight);
                x += widths[0];
                if (line is not null)
                {
                    gfx.DrawString(line.FullNameKana, kana, XBrushes.Black, new XRect(x + 4, y + 2, widths[1] - 8, 10), XStringFormats.TopLeft);
                    PdfText.DrawLeft(gfx, line.FullName, PdfFonts.Gothic, 12, XBrushes.Black, x + 4, y + 12);
                    if (!string.IsNullOrEmpty(line.Note))
                        gfx.DrawString(line.Note, kana, XBrushes.Black, new XRect(Margin + widths[0] + widths[1] + widths[2] + 4, y + 4, widths[3] - 8, 12), XStringFormats.TopLeft);
                }
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, widths, RowHeight);
                y += RowHeight;
                index++;
            }
            gfx.DrawString($"{document.PageCount} ページ　　出席の確認後、出欠をシステムに入力してください。", kana, XBrushes.Black,
                new XRect(Margin, page.Height.Point - Margin, page.Width.Point - 2 * Margin, 12), XStringFormats.TopCenter);
        }
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(lines.SelectMany(l => new[] { l.FullName, l.Note })));
    }
}

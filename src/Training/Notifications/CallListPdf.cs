using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Notifications;

public sealed record CallListLine(string FullNameKana, string FullName, string? Phone, string Message, bool Urgent, bool Done, string? Note);

/// <summary>The day's call list (電話連絡リスト) on A4 for a coordinator at a desk phone: tick box, name, number, what to say, notes.</summary>
public class CallListPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 36;
    private const double RowHeight = 44;

    public byte[] Render(DateOnly date, IReadOnlyList<CallListLine> lines)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"電話連絡リスト {date:yyyy-MM-dd}";
        var title = PdfFonts.Font(PdfFonts.Gothic, 18, bold: true);
        var heading = PdfFonts.Font(PdfFonts.Gothic, 10.5, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 11);
        var phone = PdfFonts.Font(PdfFonts.Gothic, 13, bold: true);
        var small = PdfFonts.Font(PdfFonts.Gothic, 8);
        double[] widths = [28, 150, 110, 235];
        string[] labels = ["済", "お名前", "電話番号", "お伝えすること・メモ"];
        var index = 0;
        while (index < lines.Count || document.PageCount == 0)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            using var gfx = XGraphics.FromPdfPage(page);
            var y = Margin;
            gfx.DrawString("電話連絡リスト", title, XBrushes.Black, Margin, y + 18);
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", small, XBrushes.Black, new XRect(Margin, y, page.Width.Point - 2 * Margin, 12), XStringFormats.TopRight);
            y += 28;
            gfx.DrawString($"{JapaneseDates.FullDate(date)}　{lines.Count}件（【至急】を先に）", body, XBrushes.Black, Margin, y + 12);
            y += 22;
            PdfLayout.DrawTableHeading(gfx, Margin, y, widths, labels, heading);
            y += 20;
            double x;
            var pen = new XPen(XColors.Black, 0.6);
            if (lines.Count == 0) gfx.DrawString("今日お電話するかたはいません。", body, XBrushes.Black, Margin + 4, y + 20);
            while (index < lines.Count && y + RowHeight <= page.Height.Point - Margin - 16)
            {
                var line = lines[index];
                x = Margin;
                gfx.DrawRectangle(pen, x + 7, y + 14, 14, 14);
                if (line.Done) gfx.DrawLines(new XPen(XColors.Black, 1.6), [new XPoint(x + 9, y + 21), new XPoint(x + 13, y + 26), new XPoint(x + 20, y + 15)]);
                x += widths[0];
                gfx.DrawString(line.FullNameKana, small, XBrushes.Black, new XRect(x + 4, y + 3, widths[1] - 8, 10), XStringFormats.TopLeft);
                PdfText.DrawLeft(gfx, line.FullName, PdfFonts.Gothic, 12, XBrushes.Black, x + 4, y + 15);
                x += widths[1];
                gfx.DrawString(line.Phone ?? "（番号なし）", phone, XBrushes.Black, new XRect(x + 4, y + 14, widths[2] - 8, 16), XStringFormats.TopLeft);
                x += widths[2];
                var lines2 = PdfLayout.Wrap(gfx, line.Message, body, widths[3] - 8);
                for (var i = 0; i < Math.Min(2, lines2.Count); i++)
                    PdfText.DrawLeft(gfx, lines2[i], PdfFonts.Gothic, 11, line.Urgent ? XBrushes.DarkRed : XBrushes.Black, x + 4, y + 3 + i * 14);
                if (!string.IsNullOrEmpty(line.Note))
                    PdfText.DrawLeft(gfx, $"メモ：{line.Note}", PdfFonts.Gothic, 8, XBrushes.Black, x + 4, y + 32);
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, widths, RowHeight);
                y += RowHeight;
                index++;
            }
            gfx.DrawString($"{document.PageCount} ページ　　お電話の結果はシステムの電話連絡リストで「済」にしてください。", small, XBrushes.Black,
                new XRect(Margin, page.Height.Point - Margin, page.Width.Point - 2 * Margin, 12), XStringFormats.TopCenter);
        }
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(lines.SelectMany(l => new[] { l.FullName, l.Message, l.Note })));
    }
}

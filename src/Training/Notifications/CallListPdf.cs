using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Notifications;

/// <param name="When">For a list of several days: the day the call is for (e.g. 12月10日（木）).</param>
/// <param name="LastAttempt">The last call made for it, in words (when, outcome, call-back time, who), or null.</param>
public sealed record CallListLine(string FullNameKana, string FullName, string? Phone, string Message, bool Urgent, bool Done, string? Note, string? When = null,
    string? LastAttempt = null);

/// <summary>
/// The call list (電話連絡リスト) for a day or the days ahead, on A4 for a coordinator at a desk phone: tick box, name,
/// number, what to say — the whole message, on as many lines as it needs — and notes.
/// </summary>
public class CallListPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 36;
    private const double MinRowHeight = 44;
    private const double MessageLine = 14;
    private const double NoteLine = 11;

    public byte[] Render(DateOnly date, IReadOnlyList<CallListLine> lines) => Render(date, date, lines);

    public byte[] Render(DateOnly from, DateOnly to, IReadOnlyList<CallListLine> lines)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = from == to ? $"電話連絡リスト {from:yyyy-MM-dd}" : $"電話連絡リスト {from:yyyy-MM-dd}～{to:yyyy-MM-dd}";
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
            var days = from == to ? JapaneseDates.FullDate(from) : $"{JapaneseDates.FullDate(from)} ～ {JapaneseDates.FullDate(to)}";
            gfx.DrawString($"{days}　{lines.Count}件（【至急】を先に）", body, XBrushes.Black, Margin, y + 12);
            y += 22;
            PdfLayout.DrawTableHeading(gfx, Margin, y, widths, labels, heading);
            y += 20;
            double x;
            var pen = new XPen(XColors.Black, 0.6);
            if (lines.Count == 0) gfx.DrawString(from == to ? "この日にお電話するかたはいません。" : "この期間にお電話するかたはいません。", body, XBrushes.Black, Margin + 4, y + 20);
            var small9 = PdfFonts.Font(PdfFonts.Gothic, 8);
            while (index < lines.Count)
            {
                var line = lines[index];
                var message = PdfLayout.Wrap(gfx, (line.When is null ? "" : $"［{line.When}］") + line.Message, body, widths[3] - 8);
                var note = (string.IsNullOrEmpty(line.Note) ? [] : PdfLayout.Wrap(gfx, $"メモ：{line.Note}", small9, widths[3] - 8))
                    .Concat(string.IsNullOrEmpty(line.LastAttempt) ? [] : PdfLayout.Wrap(gfx, $"前回：{line.LastAttempt}", small9, widths[3] - 8)).ToList();
                var rowHeight = Math.Max(MinRowHeight, 6 + message.Count * MessageLine + note.Count * NoteLine + 4);
                // A row that does not fit starts the next page; a page always takes at least one row.
                if (y + rowHeight > page.Height.Point - Margin - 16 && y > Margin + 70 + 1) break;
                x = Margin;
                gfx.DrawRectangle(pen, x + 7, y + 14, 14, 14);
                if (line.Done) gfx.DrawLines(new XPen(XColors.Black, 1.6), [new XPoint(x + 9, y + 21), new XPoint(x + 13, y + 26), new XPoint(x + 20, y + 15)]);
                x += widths[0];
                gfx.DrawString(line.FullNameKana, small, XBrushes.Black, new XRect(x + 4, y + 3, widths[1] - 8, 10), XStringFormats.TopLeft);
                PdfText.DrawLeft(gfx, line.FullName, PdfFonts.Gothic, 12, XBrushes.Black, x + 4, y + 15);
                x += widths[1];
                gfx.DrawString(line.Phone ?? "（番号なし）", phone, XBrushes.Black, new XRect(x + 4, y + 14, widths[2] - 8, 16), XStringFormats.TopLeft);
                x += widths[2];
                for (var i = 0; i < message.Count; i++)
                    PdfText.DrawLeft(gfx, message[i], PdfFonts.Gothic, 11, line.Urgent ? XBrushes.DarkRed : XBrushes.Black, x + 4, y + 3 + i * MessageLine);
                for (var i = 0; i < note.Count; i++)
                    PdfText.DrawLeft(gfx, note[i], PdfFonts.Gothic, 8, XBrushes.Black, x + 4, y + 5 + message.Count * MessageLine + i * NoteLine);
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, widths, rowHeight);
                y += rowHeight;
                index++;
            }
            gfx.DrawString($"{document.PageCount} ページ　　お電話の結果（済・不在・番号違い）はシステムの電話連絡リストに入れてください。", small, XBrushes.Black,
                new XRect(Margin, page.Height.Point - Margin, page.Width.Point - 2 * Margin, 12), XStringFormats.TopCenter);
        }
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(lines.SelectMany(l => new[] { l.FullName, l.Message, l.Note, l.LastAttempt })));
    }
}

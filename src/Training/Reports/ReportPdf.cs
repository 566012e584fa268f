using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Reports;

/// <summary>The year's figures on A4 for the city's files: the totals, then each breakdown with a bar beside each number.</summary>
public class ReportPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 40;

    public byte[] Render(FiscalYearFigures f)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"事業の実績 {JapaneseDates.FiscalYear(f.FiscalYear)}";
        var title = PdfFonts.Font(PdfFonts.Gothic, 18, bold: true);
        var heading = PdfFonts.Font(PdfFonts.Gothic, 12, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 10);
        var small = PdfFonts.Font(PdfFonts.Gothic, 8);
        PdfPage page = null!;
        XGraphics gfx = null!;
        var y = 0.0;
        void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", small, XBrushes.Black, new XRect(Margin, y - 14, page.Width.Point - 2 * Margin, 10), XStringFormats.TopRight);
        }
        void Need(double height) { if (y + height > page.Height.Point - Margin) NewPage(); }

        NewPage();
        gfx.DrawString($"事業の実績　{JapaneseDates.FiscalYear(f.FiscalYear)}", title, XBrushes.Black, Margin, y + 18);
        y += 28;
        gfx.DrawString($"{JapaneseDates.FullDate(f.From)}〜{JapaneseDates.FullDate(f.To)}", body, XBrushes.Black, Margin, y + 10);
        y += 24;
        (string, string)[] totals =
        [
            ("開催回数", $"{f.SessionsHeld}回"), ("実人数", $"{f.People}人"), ("延人数", $"{f.Attendances}人"),
            ("出席率（予約に対して）", f.AttendanceRate is { } r ? $"{r * 100:F1}%" : "—"), ("申し込み", $"{f.Registrations}件"), ("修了", $"{f.Completions}人"),
            ("修了証の交付", $"{f.CertificatesIssued}枚"), ("サポーター登録中", $"{f.ListedSupporters}人"), ("資格の期限が近い（90日以内）", $"{f.ExpiringQualifications}人"),
        ];
        foreach (var (label, value) in totals)
        {
            gfx.DrawString(label, body, XBrushes.Black, Margin, y + 10);
            gfx.DrawString(value, heading, XBrushes.Black, new XRect(Margin + 200, y, 100, 14), XStringFormats.TopRight);
            y += 16;
        }
        foreach (var (name, lines) in f.Breakdowns())
        {
            Need(40 + 16 * Math.Min(lines.Count, 5));
            y += 14;
            gfx.DrawString(name, heading, XBrushes.Black, Margin, y + 12);
            y += 20;
            gfx.DrawString("延人数", small, XBrushes.Black, Margin + 330, y);
            gfx.DrawString("実人数", small, XBrushes.Black, Margin + 380, y);
            gfx.DrawString("開催回数", small, XBrushes.Black, Margin + 430, y);
            y += 4;
            var max = Math.Max(1, lines.Select(l => l.Attendances).DefaultIfEmpty(0).Max());
            foreach (var line in lines)
            {
                Need(16);
                PdfText.DrawLeft(gfx, line.Label.Length > 16 ? line.Label[..16] + "…" : line.Label, PdfFonts.Gothic, 10, XBrushes.Black, Margin, y);
                if (line.Attendances > 0) gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0x1a, 0x4d, 0x2e)), Margin + 160, y + 3, 160.0 * line.Attendances / max, 9);
                gfx.DrawString($"{line.Attendances}", body, XBrushes.Black, new XRect(Margin + 320, y, 40, 12), XStringFormats.TopRight);
                gfx.DrawString($"{line.People}", body, XBrushes.Black, new XRect(Margin + 370, y, 40, 12), XStringFormats.TopRight);
                gfx.DrawString($"{line.Sessions}", body, XBrushes.Black, new XRect(Margin + 430, y, 40, 12), XStringFormats.TopRight);
                y += 16;
            }
        }
        Need(40);
        y += 16;
        gfx.DrawString("実人数は同じ人を1人、延人数は参加のたびに数えます。年齢は参加した年に迎える年齢です。", small, XBrushes.Black, Margin, y);
        gfx.Dispose();
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(f.ByProgram.Select(l => l.Label).Concat(f.ByArea.Select(l => l.Label))));
    }
}

using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Reports;

/// <summary>
/// The year's figures on A4 for the city's files: the totals, then each breakdown as a ruled table — 項目, 開催回数,
/// 実人数, 延べ参加者数 and a bar for the attendances, the order the page and the spreadsheet use. A long name wraps inside
/// its cell, never cut. A table that fits on one page is kept whole (moved to the next page rather than split); one
/// longer than a page continues on the next with its title and heading row repeated.
/// </summary>
public class ReportPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 40;
    private const double HeadingRow = 20;
    private const double TitleHeight = 30;
    private const double LabelSize = 10;
    private const double CellPadding = 4;
    // 項目, 開催回数, 実人数, 延べ参加者数, bar: together the width between the margins of A4 (515 points).
    private static readonly double[] Widths = [185, 60, 60, 75, 135];
    private static readonly XColor Bar = XColor.FromArgb(0x1a, 0x4d, 0x2e);

    public byte[] Render(FiscalYearFigures f, ActivityFigures? activities = null)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"事業の実績 {JapaneseDates.FiscalYear(f.FiscalYear)}";
        var title = PdfFonts.Font(PdfFonts.Gothic, 18, bold: true);
        var heading = PdfFonts.Font(PdfFonts.Gothic, 12, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 10);
        var small = PdfFonts.Font(PdfFonts.Gothic, 8);
        var pen = new XPen(XColor.FromArgb(0x99, 0x99, 0x99), 0.5);
        PdfPage page = null!;
        XGraphics gfx = null!;
        var y = 0.0;
        double Bottom() => page.Height.Point - Margin;
        void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", small, XBrushes.Black, new XRect(Margin, y - 14, page.Width.Point - 2 * Margin, 10), XStringFormats.TopRight);
        }

        NewPage();
        gfx.DrawString($"事業の実績　{JapaneseDates.FiscalYear(f.FiscalYear)}", title, XBrushes.Black, Margin, y + 18);
        y += 28;
        gfx.DrawString($"{JapaneseDates.FullDate(f.From)}〜{JapaneseDates.FullDate(f.To)}", body, XBrushes.Black, Margin, y + 10);
        y += 24;
        (string, string)[] totals =
        [
            (ReportWords.SessionsHeld, $"{f.SessionsHeld}回"), (ReportWords.People, $"{f.People}人"), (ReportWords.Attendances, $"{f.Attendances}人"),
            ("出席率（予約に対して）", f.AttendanceRate is { } r ? $"{r * 100:F1}%" : "—"), ("申し込み", $"{f.Registrations}件"), ("修了", $"{f.Completions}人"),
            ("修了証の交付", $"{f.CertificatesIssued}枚"), ("サポーター登録中", $"{f.ListedSupporters}人"), ("資格の期限が近い（90日以内）", $"{f.ExpiringQualifications}人"),
        ];
        foreach (var (label, value) in totals)
        {
            gfx.DrawString(label, body, XBrushes.Black, Margin, y + 10);
            gfx.DrawString(value, heading, XBrushes.Black, new XRect(Margin + 200, y, 100, 14), XStringFormats.TopRight);
            y += 16;
        }

        void DrawTitle(string text)
        {
            y += 10;
            gfx.DrawString(text, heading, XBrushes.Black, Margin, y + 12);
            y += TitleHeight - 10;
        }
        void DrawHeadingRow()
        {
            gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xe5, 0xee, 0xe8)), Margin, y, Widths.Sum(), HeadingRow);
            var x = Margin;
            for (var column = 0; column < ReportWords.Columns.Count; column++)
            {
                gfx.DrawString(ReportWords.Columns[column], small, XBrushes.Black, new XRect(x + CellPadding, y + 6, Widths[column] - 2 * CellPadding, 10),
                    column == 0 ? XStringFormats.TopLeft : XStringFormats.TopRight);
                x += Widths[column];
            }
            gfx.DrawString($"{ReportWords.Attendances}（グラフ）", small, XBrushes.Black, new XRect(x + CellPadding, y + 6, Widths[^1] - 2 * CellPadding, 10), XStringFormats.TopLeft);
            PdfLayout.DrawRowCells(gfx, pen, Margin, y, Widths, HeadingRow);
            y += HeadingRow;
        }

        foreach (var (name, lines) in f.Breakdowns())
        {
            // Each label fitted to its cell first, so the table's height is known before anything is drawn.
            var rows = lines.Select(line =>
            {
                var fitted = PdfText.Fit(gfx, line.Label, PdfFonts.Gothic, LabelSize, 9, Widths[0] - 2 * CellPadding);
                return (Line: line, Label: fitted, Height: Math.Max(16, PdfText.Height(fitted) + 2 * CellPadding - 2));
            }).ToList();
            var whole = TitleHeight + HeadingRow + rows.Sum(row => row.Height);
            var onePage = Bottom() - Margin;
            // Kept whole: on this page if it fits, else on a fresh one. Longer than a page: begun here when the title,
            // headings and a few rows fit, continued with the headings again.
            if (y + whole > Bottom() && (whole <= onePage || y + TitleHeight + HeadingRow + rows.Take(3).Sum(row => row.Height) > Bottom()))
                NewPage();
            DrawTitle(name);
            DrawHeadingRow();
            var max = Math.Max(1, lines.Select(l => l.Attendances).DefaultIfEmpty(0).Max());
            foreach (var (line, label, height) in rows)
            {
                if (y + height > Bottom())
                {
                    NewPage();
                    DrawTitle($"{name}（続き）");
                    DrawHeadingRow();
                }
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, Widths, height);
                PdfText.DrawLines(gfx, label, PdfFonts.Gothic, XBrushes.Black, Margin + CellPadding, y + CellPadding - 1);
                var x = Margin + Widths[0];
                foreach (var (value, column) in new[] { (line.Sessions is { } held ? $"{held}" : "—", 1), ($"{line.People}", 2), ($"{line.Attendances}", 3) })
                {
                    gfx.DrawString(value, body, XBrushes.Black, new XRect(x + CellPadding, y + CellPadding - 1, Widths[column] - 2 * CellPadding, 12), XStringFormats.TopRight);
                    x += Widths[column];
                }
                if (line.Attendances > 0)
                    gfx.DrawRectangle(new XSolidBrush(Bar), x + CellPadding, y + CellPadding, (Widths[^1] - 2 * CellPadding) * line.Attendances / max, 8);
                y += height;
            }
        }

        // The activities part: the item's column as above, the figures sharing the rest of the width.
        foreach (var table in activities?.Tables ?? [])
        {
            var columnWidth = (Widths.Sum() - Widths[0]) / table.Columns.Count;
            double[] widths = [Widths[0], .. table.Columns.Select(_ => columnWidth)];
            var rows = table.Rows.Select(row =>
            {
                var fitted = PdfText.Fit(gfx, row.Label, PdfFonts.Gothic, LabelSize, 9, widths[0] - 2 * CellPadding);
                return (Row: row, Label: fitted, Height: Math.Max(16, PdfText.Height(fitted) + 2 * CellPadding - 2));
            }).ToList();
            void DrawTableHeadings()
            {
                gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xe5, 0xee, 0xe8)), Margin, y, widths.Sum(), HeadingRow);
                string[] headings = [ReportWords.Item, .. table.Columns];
                var x = Margin;
                for (var column = 0; column < headings.Length; column++)
                {
                    var fitted = PdfText.Fit(gfx, headings[column], PdfFonts.Gothic, 8, 6, widths[column] - 2 * CellPadding);
                    PdfText.DrawLines(gfx, fitted, PdfFonts.Gothic, XBrushes.Black, x + CellPadding, y + 5);
                    x += widths[column];
                }
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, widths, HeadingRow);
                y += HeadingRow;
            }
            if (y + TitleHeight + HeadingRow + rows.Sum(r => r.Height) > Bottom()) NewPage();
            DrawTitle(table.Title);
            DrawTableHeadings();
            foreach (var (row, label, height) in rows)
            {
                if (y + height > Bottom())
                {
                    NewPage();
                    DrawTitle($"{table.Title}（続き）");
                    DrawTableHeadings();
                }
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, widths, height);
                PdfText.DrawLines(gfx, label, PdfFonts.Gothic, XBrushes.Black, Margin + CellPadding, y + CellPadding - 1);
                var x = Margin + widths[0];
                for (var column = 0; column < row.Values.Count; column++)
                {
                    gfx.DrawString(row.Values[column].ToString(System.Globalization.CultureInfo.InvariantCulture), body, XBrushes.Black,
                        new XRect(x + CellPadding, y + CellPadding - 1, widths[column + 1] - 2 * CellPadding, 12), XStringFormats.TopRight);
                    x += widths[column + 1];
                }
                y += height;
            }
        }

        var note = PdfLayout.Wrap(gfx, ReportWords.Note, small, page.Width.Point - 2 * Margin);
        if (activities is not null) note.AddRange(PdfLayout.Wrap(gfx, ActivityReportWords.Note, small, page.Width.Point - 2 * Margin));
        if (y + 14 + note.Count * 11 > Bottom()) NewPage();
        y += 14;
        foreach (var noteLine in note)
        {
            gfx.DrawString(noteLine, small, XBrushes.Black, new XRect(Margin, y, page.Width.Point - 2 * Margin, 10), XStringFormats.TopLeft);
            y += 11;
        }
        gfx.Dispose();
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(f.Breakdowns().SelectMany(b => b.Lines).Select(l => l.Label).Concat(activities?.Tables.SelectMany(t => t.Rows).Select(r => r.Label) ?? [])));
    }
}

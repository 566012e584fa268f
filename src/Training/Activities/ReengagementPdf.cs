using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// The re-engagement list on A4 landscape for a coordinator at a desk phone, like the call list: a tick box, name with
/// furigana, the number in large type, district, stage and last activity, the next course to suggest, email and consent,
/// and room for a note. Names are never cut: long ones shrink, then wrap, and the row grows. Those who withdrew their
/// consent are marked × and "ご案内しない", so nobody calls them from the paper.
/// </summary>
public class ReengagementPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 30;
    private const double MinRowHeight = 42;
    private static readonly double[] Widths = [26, 150, 112, 70, 150, 130, 76, 68];
    private static readonly string[] Labels = ["済", "お名前", "電話番号", "地区", "状態・前回の活動", "次の研修", "メール・同意", "メモ"];

    /// <param name="part">Which part of the list (stage, district), in words; empty for the whole of the staff member's reach.</param>
    public byte[] Render(DateOnly today, string part, int activeMonths, IReadOnlyList<ReengagementLine> lines)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"{ReengagementExport.Title} {today:yyyy-MM-dd}";
        var heading = PdfFonts.Font(PdfFonts.Gothic, 10.5, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 11);
        var small = PdfFonts.Font(PdfFonts.Gothic, 8);
        var pen = new XPen(XColors.Black, 0.6);
        var legend = $"活動中：{activeMonths}か月以内に活動の記録がある方。休止中：それより前に記録があり、その後ない方。研修済み（未活動）：講座の修了か資格があり、活動の記録がない方。"
                     + "×の方は活動のご案内への同意を取り消しています。お電話しないでください。";
        var index = 0;
        while (index < lines.Count || document.PageCount == 0)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Landscape;
            using var gfx = XGraphics.FromPdfPage(page);
            var width = page.Width.Point - 2 * Margin;
            var footer = PdfLayout.Wrap(gfx, $"{document.PageCount} ページ　　{legend}", small, width);
            var bottom = page.Height.Point - Margin - footer.Count * 11 - 4;
            var y = Margin;
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", small, XBrushes.Black, new XRect(Margin, y, width, 12), XStringFormats.TopRight);
            PdfText.DrawLeft(gfx, ReengagementExport.Title, PdfFonts.Gothic, 16, XBrushes.Black, Margin, y, bold: true);
            y += 24;
            var summary = $"{JapaneseDates.FullDate(today)}現在　{lines.Count}人（五十音順）" + (part.Length > 0 ? $"　{part}" : "");
            y += PdfText.DrawLines(gfx, PdfText.Fit(gfx, summary, PdfFonts.Gothic, 11, 9, width), PdfFonts.Gothic, XBrushes.Black, Margin, y) + 4;
            PdfLayout.DrawTableHeading(gfx, Margin, y, Widths, Labels, heading);
            y += 20;
            var top = y;
            if (lines.Count == 0) gfx.DrawString("該当する方はいません。", body, XBrushes.Black, Margin + 4, y + 20);
            while (index < lines.Count)
            {
                var line = lines[index];
                var cells = Cells(gfx, line);
                var rowHeight = Math.Max(MinRowHeight, cells.Max(c => c.Sum(b => PdfText.Height(b.Text))) + 8);
                // A row that does not fit starts the next page; a page always takes at least one row.
                if (y + rowHeight > bottom && y > top) break;
                var x = Margin;
                if (line.NotToBeContacted) gfx.DrawString("×", PdfFonts.Font(PdfFonts.Gothic, 14, bold: true), XBrushes.Black, new XRect(x, y + 10, Widths[0], 16), XStringFormats.TopCenter);
                else gfx.DrawRectangle(pen, x + 6, y + 12, 14, 14);
                for (var c = 0; c < cells.Count; c++)
                {
                    x += Widths[c];
                    var cy = y + 4;
                    foreach (var block in cells[c]) cy += PdfText.DrawLines(gfx, block.Text, PdfFonts.Gothic, XBrushes.Black, x + 4, cy, block.Bold);
                }
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, Widths, rowHeight);
                y += rowHeight;
                index++;
            }
            for (var i = 0; i < footer.Count; i++)
                gfx.DrawString(footer[i], small, XBrushes.Black, new XRect(Margin, page.Height.Point - Margin - (footer.Count - i) * 11, width, 11), XStringFormats.TopLeft);
        }
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(lines.SelectMany(l => new[] { l.Name, l.Kana, l.District, l.LastActivity, l.NextCourse })));
    }

    /// <summary>Text fitted to its cell, drawn bold or not (it was measured so).</summary>
    private sealed record Block((double Size, IReadOnlyList<string> Lines) Text, bool Bold);

    /// <summary>The text blocks of each column after the tick box, fitted to its width: shrunk to a readable minimum, then wrapped.</summary>
    private static List<List<Block>> Cells(XGraphics gfx, ReengagementLine line)
    {
        Block Fit(string text, int column, double size, double min, bool bold = false) => new(PdfText.Fit(gfx, text, PdfFonts.Gothic, size, min, Widths[column] - 8, bold), bold);
        var last = line.LastActivity.Length > 0 ? $"前回：{line.LastActivity}（{line.LastDate}）" : "活動の記録なし";
        return
        [
            [Fit(line.Kana, 1, 8, 6.5), Fit(line.Name, 1, 12, 9)],
            [Fit(line.Phone.Length > 0 ? line.Phone : "（番号なし）", 2, 13, 10, bold: true)],
            [Fit(line.District, 3, 10, 10)],
            line.LapsedSince.Length > 0 ? [Fit(line.Stage, 4, 10, 10, bold: true), Fit($"{line.LapsedSince}から", 4, 9, 9), Fit(last, 4, 9, 9)]
                : [Fit(line.Stage, 4, 10, 10, bold: true), Fit(last, 4, 9, 9)],
            line.NextCourse.Length > 0 ? [Fit(line.NextCourse, 5, 10, 10), Fit($"{line.NextStarts}から", 5, 9, 9)] : [Fit("予定なし", 5, 9, 9)],
            line.NotToBeContacted ? [Fit("ご案内しない", 6, 9, 9, bold: true), Fit("（同意の取り消し）", 6, 8, 8)]
                : [Fit($"メール：{line.Email}", 6, 9, 8), Fit($"同意：{line.Consent}", 6, 9, 8)],
            [],
        ];
    }
}

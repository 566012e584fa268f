using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Attendance;

public sealed record GridSession(int SequenceNumber, DateOnly Date, bool Cancelled);

public sealed record GridPerson(string FullNameKana, string FullName, IReadOnlyList<AttendanceStatus?> Marks, bool Completed);

/// <summary>A course's attendance on one sheet: people (furigana order) down, sessions across, A4 landscape.</summary>
public class AttendanceGridPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 30;
    private const double RowHeight = 22;

    public byte[] Render(string program, string course, IReadOnlyList<GridSession> sessions, IReadOnlyList<GridPerson> people)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"出席状況 {program} {course}";
        var title = PdfFonts.Font(PdfFonts.Gothic, 15, bold: true);
        var heading = PdfFonts.Font(PdfFonts.Gothic, 9, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 10);
        var small = PdfFonts.Font(PdfFonts.Gothic, 7);
        const double nameWidth = 150;
        const double doneWidth = 40;
        var index = 0;
        while (index < people.Count || document.PageCount == 0)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Landscape;
            using var gfx = XGraphics.FromPdfPage(page);
            var width = page.Width.Point - 2 * Margin;
            var cell = Math.Min(48, (width - nameWidth - doneWidth) / Math.Max(1, sessions.Count));
            var y = Margin;
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", small, XBrushes.Black, new XRect(Margin, y, width, 10), XStringFormats.TopRight);
            // A long program or course name wraps onto more lines rather than running off the paper.
            y += PdfText.DrawLines(gfx, PdfText.Fit(gfx, $"出席状況　{program}（{course}）", PdfFonts.Gothic, 15, 11, width - 120, bold: true),
                PdfFonts.Gothic, XBrushes.Black, Margin, y, bold: true) + 6;
            gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xe5, 0xee, 0xe8)), Margin, y, nameWidth + cell * sessions.Count + doneWidth, 28);
            gfx.DrawString("お名前", heading, XBrushes.Black, new XRect(Margin + 4, y + 8, nameWidth, 12), XStringFormats.TopLeft);
            for (var s = 0; s < sessions.Count; s++)
            {
                var x = Margin + nameWidth + s * cell;
                gfx.DrawString($"第{sessions[s].SequenceNumber}回", heading, XBrushes.Black, new XRect(x, y + 3, cell, 12), XStringFormats.TopCenter);
                gfx.DrawString(sessions[s].Cancelled ? "中止" : $"{sessions[s].Date.Month}/{sessions[s].Date.Day}", small, XBrushes.Black, new XRect(x, y + 16, cell, 10), XStringFormats.TopCenter);
            }
            gfx.DrawString("修了", heading, XBrushes.Black, new XRect(Margin + nameWidth + cell * sessions.Count, y + 8, doneWidth, 12), XStringFormats.TopCenter);
            y += 28;
            var pen = new XPen(XColors.Black, 0.5);
            while (index < people.Count)
            {
                var person = people[index];
                // Long names shrink, then wrap; the row grows to hold them.
                var kana = PdfText.Fit(gfx, person.FullNameKana, PdfFonts.Gothic, 7, 5.5, nameWidth - 8);
                var name = PdfText.Fit(gfx, person.FullName, PdfFonts.Gothic, 10, 7.5, nameWidth - 8);
                var rowHeight = Math.Max(RowHeight, PdfText.Height(kana) + PdfText.Height(name) + 3);
                if (y + rowHeight > page.Height.Point - Margin - 14 && y > Margin + 80) break;
                index++;
                PdfText.DrawLines(gfx, name, PdfFonts.Gothic, XBrushes.Black, Margin + 4, y + 1 + PdfText.DrawLines(gfx, kana, PdfFonts.Gothic, XBrushes.Black, Margin + 4, y + 1));
                gfx.DrawRectangle(pen, Margin, y, nameWidth, rowHeight);
                for (var s = 0; s < sessions.Count; s++)
                {
                    var x = Margin + nameWidth + s * cell;
                    gfx.DrawRectangle(pen, x, y, cell, rowHeight);
                    var mark = s < person.Marks.Count ? person.Marks[s] : null;
                    gfx.DrawString(Symbol(mark), body, XBrushes.Black, new XRect(x, y + 5, cell, 14), XStringFormats.TopCenter);
                }
                var doneX = Margin + nameWidth + cell * sessions.Count;
                gfx.DrawRectangle(pen, doneX, y, doneWidth, rowHeight);
                if (person.Completed) gfx.DrawString("修了", body, XBrushes.Black, new XRect(doneX, y + 5, doneWidth, 14), XStringFormats.TopCenter);
                y += rowHeight;
            }
            gfx.DrawString("○ 出席　遅 遅刻　早 早退　連 欠席（連絡あり）　× 欠席", small, XBrushes.Black,
                new XRect(Margin, page.Height.Point - Margin, width, 10), XStringFormats.TopLeft);
        }
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(people.Select(p => p.FullName)));
    }

    private static string Symbol(AttendanceStatus? status) => status switch
    {
        AttendanceStatus.Present => "○",
        AttendanceStatus.Late => "遅",
        AttendanceStatus.LeftEarly => "早",
        AttendanceStatus.ExcusedAbsence => "連",
        AttendanceStatus.Absent => "×",
        _ => "",
    };
}

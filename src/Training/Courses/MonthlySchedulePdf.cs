using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Courses.Scheduling;
using Training.Documents;
using Training.Time;

namespace Training.Courses;

/// <summary>
/// The month's schedule on A4 for community notice boards and 回覧板: large type, one line per session, holidays
/// named, cancelled sessions struck out, and a QR code to the web page for those with a phone.
/// </summary>
public class MonthlySchedulePdf(IOptions<SiteOptions> site, SiteLinks links, Organisations.ContactNumbers contacts, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents, SiteClock clock)
{
    private const double Margin = 40;
    private static readonly XColor Brand = XColor.FromArgb(0x1a, 0x4d, 0x2e);

    public byte[] Render(int year, int month, IReadOnlyList<ScheduleEntry> entries, string? filterLabel = null)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"{site.Value.Municipality} {site.Value.Name} {year}年{month}月の予定";
        document.Info.Creator = "Training";

        var title = PdfFonts.Font(PdfFonts.Gothic, 22, bold: true);
        var heading = PdfFonts.Font(PdfFonts.Gothic, 13, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 12);
        var small = PdfFonts.Font(PdfFonts.Gothic, 10.5);
        var footnote = PdfFonts.Font(PdfFonts.Gothic, 9.5);
        // The offices that run what is listed, each with its number: residents call the one that runs the course.
        var offices = entries.Where(e => !string.IsNullOrWhiteSpace(e.OrganiserPhone))
            .GroupBy(e => (e.Organiser, e.OrganiserPhone))
            .Select(g => (Name: g.Key.Organiser, Phone: g.Key.OrganiserPhone, Hours: g.First().OrganiserHours, Programs: g.Select(e => e.Program).Distinct().ToList()))
            .ToList();
        static string Hours(string? hours) => string.IsNullOrEmpty(hours) ? "" : $"（{hours}）";
        var pageNumber = 0;
        XGraphics? gfx = null;
        PdfPage? page = null;
        double y = 0;
        // Columns: date, time, what, place, seats.
        double[] widths = [106, 88, 168, 114, 39]; // the date column holds 12月15日（火） in bold

        // A page carries the table's header row unless it only continues the descriptions under the table.
        void NewPage(bool table = true)
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            pageNumber++;
            y = Margin;
            if (pageNumber == 1)
            {
                gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", heading, new XSolidBrush(Brand), Margin, y + 12);
                gfx.DrawString($"{year}年{month}月の予定", title, XBrushes.Black, Margin, y + 44);
                if (!string.IsNullOrEmpty(filterLabel)) gfx.DrawString(filterLabel, body, XBrushes.Black, Margin, y + 66);
                PdfLayout.DrawQr(gfx, links.Absolute(SiteLinks.Schedule(year, month)), page.Width.Point - Margin - 70, y, 70);
                gfx.DrawString("申し込み・お問い合わせ", small, XBrushes.Black, Margin, y + 86);
                // One office runs everything listed: its number. Several: each is named with its courses at the end.
                var contact = offices.Count == 1 ? $"{offices[0].Name}　電話 {offices[0].Phone}{Hours(offices[0].Hours)}　メールがなくても申し込めます"
                    : offices.Count > 1 ? "講座・集まりごとの主催に、お電話でどうぞ（最後に一覧があります）"
                    : contacts.General is { IsKnown: true } general ? $"電話 {general.Phone}{Hours(general.Hours)}　メールがなくても申し込めます"
                    : "お電話またはウェブで受け付けます";
                gfx.DrawString(contact, body, XBrushes.Black, Margin, y + 102);
                y += 120;
            }
            else
            {
                gfx.DrawString($"{year}年{month}月の予定（つづき）", heading, XBrushes.Black, Margin, y + 12);
                y += 26;
            }
            if (table) DrawHeaderRow();
        }

        void DrawHeaderRow()
        {
            var x = Margin;
            string[] labels = ["日にち", "時間", "講座・集まり", "場所", "空き"];
            gfx!.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xe5, 0xee, 0xe8)), Margin, y, widths.Sum(), 22);
            for (var i = 0; i < labels.Length; i++)
            {
                gfx.DrawString(labels[i], heading, XBrushes.Black, new XRect(x + 4, y + 3, widths[i] - 8, 18), XStringFormats.TopLeft);
                x += widths[i];
            }
            y += 22;
        }

        NewPage();
        if (entries.Count == 0)
        {
            gfx!.DrawString("この月の予定はまだありません。", body, XBrushes.Black, Margin, y + 24);
        }
        DateOnly? lastDate = null;
        foreach (var entry in entries)
        {
            var date = DateOnly.FromDateTime(entry.Start);
            var what = entry.Kind == ProgramKind.CertificateProgram ? $"{entry.Program} 第{entry.Number}回" : entry.Program;
            // The name in the body size, the topic below it smaller: each wrapped at the size it is drawn.
            var whatLines = PdfLayout.Wrap(gfx!, what, body, widths[2] - 8).Select(line => (Text: line, Font: body))
                .Concat(string.IsNullOrEmpty(entry.Topic) ? [] : PdfLayout.Wrap(gfx!, entry.Topic, small, widths[2] - 8).Select(line => (Text: line, Font: small)))
                .ToList();
            var placeLines = PdfLayout.Wrap(gfx!, entry.Venue + (entry.Area is null ? "" : $"（{entry.Area}）"), small, widths[3] - 8);
            var rowHeight = Math.Max(24, Math.Max(whatLines.Count * 16, placeLines.Count * 14) + 8);
            if (y + rowHeight > page!.Height.Point - Margin - 20) { NewPage(); lastDate = null; }

            var x = Margin;
            var textBrush = entry.Cancelled ? new XSolidBrush(XColor.FromArgb(0x70, 0x70, 0x70)) : XBrushes.Black;
            if (date != lastDate)
            {
                gfx!.DrawLine(new XPen(XColors.Black, 0.8), Margin, y, Margin + widths.Sum(), y);
                var holiday = JapaneseHolidays.NameOf(date);
                var isRestDay = holiday is not null || date.DayOfWeek == DayOfWeek.Sunday;
                gfx.DrawString(JapaneseDates.MonthDayWeekday(date), heading, isRestDay ? new XSolidBrush(XColor.FromArgb(0xb0, 0x00, 0x20)) : XBrushes.Black,
                    new XRect(x + 4, y + 4, widths[0] - 6, 18), XStringFormats.TopLeft);
                if (holiday is not null) gfx.DrawString(holiday, small, XBrushes.Black, new XRect(x + 4, y + 20, widths[0] - 6, 14), XStringFormats.TopLeft);
            }
            else
            {
                gfx!.DrawLine(new XPen(XColor.FromArgb(0xb0, 0xb0, 0xb0), 0.5), Margin + widths[0], y, Margin + widths.Sum(), y);
            }
            lastDate = date;
            x += widths[0];
            gfx.DrawString($"{entry.Start:HH:mm}〜{entry.End:HH:mm}", body, textBrush, new XRect(x + 4, y + 4, widths[1] - 6, 18), XStringFormats.TopLeft);
            x += widths[1];
            for (var i = 0; i < whatLines.Count; i++)
                gfx.DrawString(whatLines[i].Text, whatLines[i].Font, textBrush, new XRect(x + 4, y + 4 + i * 16, widths[2] - 8, 16), XStringFormats.TopLeft);
            if (entry.Cancelled)
            {
                gfx.DrawLine(new XPen(XColors.Black, 0.8), x + 4, y + 12, x + 4 + Math.Min(widths[2] - 8, gfx.MeasureString(whatLines[0].Text, body).Width), y + 12);
                gfx.DrawString("中止", heading, new XSolidBrush(XColor.FromArgb(0xb0, 0x00, 0x20)), new XRect(x + widths[2] - 40, y + 4, 36, 18), XStringFormats.TopRight);
            }
            x += widths[2];
            for (var i = 0; i < placeLines.Count; i++)
                gfx.DrawString(placeLines[i], small, textBrush, new XRect(x + 4, y + 5 + i * 14, widths[3] - 8, 14), XStringFormats.TopLeft);
            x += widths[3];
            var seats = entry.Cancelled ? "" : entry.SeatsLeft > 0 ? $"{entry.SeatsLeft}" : "満席";
            gfx.DrawString(seats, body, textBrush, new XRect(x, y + 4, widths[4] - 4, 18), XStringFormats.TopRight);
            y += rowHeight;
        }
        gfx!.DrawLine(new XPen(XColors.Black, 0.8), Margin, y, Margin + widths.Sum(), y);

        // What each course or gathering is, in readable type under the table: the page is for people deciding whether to go.
        var abouts = entries.Where(e => !string.IsNullOrWhiteSpace(e.About)).GroupBy(e => e.CourseId).Select(g => g.First()).ToList();
        if (abouts.Count > 0)
        {
            y += 24;
            if (y + 60 > page!.Height.Point - Margin - 20) NewPage(table: false);
            gfx!.DrawString("講座・集まりの内容", heading, new XSolidBrush(Brand), Margin, y + 12);
            y += 24;
            foreach (var about in abouts)
            {
                var lines = about.About.Split('\n').SelectMany(p => PdfLayout.Wrap(gfx!, p, body, widths.Sum() - 12)).ToList();
                if (y + 20 + Math.Min(lines.Count, 3) * 17 > page!.Height.Point - Margin - 20) NewPage(table: false);
                gfx!.DrawString(about.Program, heading, XBrushes.Black, Margin, y + 12);
                y += 20;
                foreach (var line in lines)
                {
                    if (y + 17 > page!.Height.Point - Margin - 20) NewPage(table: false);
                    gfx!.DrawString(line, body, XBrushes.Black, Margin + 12, y + 12);
                    y += 17;
                }
                y += 8;
            }
        }
        // The numbers to call close the page too, where a reader who has made up their mind looks for them: each office
        // that runs something listed, with what it runs.
        var closing = offices.Select(o => (Line: $"{o.Name}　電話 {o.Phone}{Hours(o.Hours)}", Runs: offices.Count > 1 ? string.Join("、", o.Programs) : "")).ToList();
        if (closing.Count == 0 && contacts.General is { IsKnown: true } phone) closing.Add((Line: $"電話 {phone.Phone}{Hours(phone.Hours)}", Runs: ""));
        if (closing.Count > 0)
        {
            var runsLines = closing.Select(c => c.Runs.Length == 0 ? new List<string>() : PdfLayout.Wrap(gfx!, c.Runs, small, widths.Sum() - 32)).ToList();
            var boxHeight = 30 + closing.Count * 22 + runsLines.Sum(l => l.Count * 14);
            if (y + boxHeight + 12 > page!.Height.Point - Margin - 20) NewPage(table: false);
            y += 12;
            gfx!.DrawRectangle(new XPen(Brand, 1.2), Margin, y, widths.Sum(), boxHeight);
            gfx.DrawString("申し込み・お問い合わせ", heading, XBrushes.Black, Margin + 10, y + 20);
            var line = y + 26;
            for (var i = 0; i < closing.Count; i++)
            {
                gfx.DrawString(closing[i].Line, heading, XBrushes.Black, Margin + 10, line + 16);
                line += 22;
                foreach (var runs in runsLines[i])
                {
                    gfx.DrawString(runs, small, XBrushes.Black, Margin + 22, line + 10);
                    line += 14;
                }
            }
            y += boxHeight;
        }
        gfx!.Dispose();

        var printed = $"{JapaneseDates.LongWareki(clock.Today)} 作成";
        for (var i = 0; i < document.PageCount; i++)
        {
            using var footer = XGraphics.FromPdfPage(document.Pages[i]);
            var p = document.Pages[i];
            footer.DrawString($"{i + 1} / {document.PageCount}　　{printed}", footnote, XBrushes.Black,
                new XRect(Margin, p.Height.Point - Margin, p.Width.Point - 2 * Margin, 14), XStringFormats.TopCenter);
        }

        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(entries.SelectMany(e => new[] { e.Program, e.Topic, e.Venue, e.Area, e.About })));
    }
}

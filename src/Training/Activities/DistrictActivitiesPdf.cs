using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Organisations;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// A district's list of local activities on A4 for the 回覧板, by the monthly schedule's layout rules: large type, the
/// district and the day it was printed in the title, the office to ask and a QR code to the page, one row per activity
/// (what, when, where, whom to call) whose long texts shrink, then wrap, rows flowing on to further pages with the
/// heading repeated, and the office again at the end. Japanese or English; rare characters (𠮷) in the fallback font.
/// </summary>
public class DistrictActivitiesPdf(IOptions<SiteOptions> site, SiteLinks links, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents, SiteClock clock)
{
    private const double Margin = 40;
    private const string Family = PdfFonts.Gothic;
    private static readonly XColor Brand = XColor.FromArgb(0x1a, 0x4d, 0x2e);
    // Columns: what (name and kind), when, where, whom to call.
    private static readonly double[] Widths = [150, 120, 135, 110];

    /// <summary>The title, as the page and the PDF's file name say it.</summary>
    public static string Title(string district, bool english) => english ? $"Local activities: {district}" : $"{district}の地域の活動";

    public byte[] Render(DistrictActivities list, ContactNumber office, bool english)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        string L(string ja, string en) => english ? en : ja;
        var document = new PdfDocument();
        document.Info.Title = $"{site.Value.Municipality} {Title(list.District.Name, english)}";
        document.Info.Creator = "Training";

        var heading = PdfFonts.Font(Family, 13, bold: true);
        var body = PdfFonts.Font(Family, 12);
        var small = PdfFonts.Font(Family, 10.5);
        var footnote = PdfFonts.Font(Family, 9.5);
        var today = clock.Today;
        var asOf = english ? $"As of {PeopleDates.LongDate(today.ToDateTime(TimeOnly.MinValue), "en")}" : $"{JapaneseDates.LongWareki(today)}現在";
        var hours = string.IsNullOrEmpty(office.Hours) ? "" : english ? $" ({office.Hours})" : $"（{office.Hours}）";
        var officeLine = office.IsKnown
            ? $"{(string.IsNullOrEmpty(office.Organisation) ? "" : office.Organisation + "　")}{L("電話", "Phone")} {office.Phone}{hours}"
            : L("市役所までお問い合わせください", "Please ask the city office");
        var tableWidth = Widths.Sum();
        var pageNumber = 0;
        XGraphics? gfx = null;
        PdfPage? page = null;
        double y = 0;
        string? section = null;
        double Bottom() => page!.Height.Point - Margin - 20;

        void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            pageNumber++;
            y = Margin;
            var title = Title(list.District.Name, english);
            if (pageNumber == 1)
            {
                PdfText.DrawLeft(gfx, $"{site.Value.Municipality}　{site.Value.Name}", Family, 13, new XSolidBrush(Brand), Margin, y, bold: true);
                // The title shrinks (then wraps) to keep clear of the QR code: a district's name may be long.
                var fitted = PdfText.Fit(gfx, title, Family, 22, 16, tableWidth - 90, bold: true);
                y += 22 + PdfText.DrawLines(gfx, fitted, Family, XBrushes.Black, Margin, y + 22, bold: true) - 6;
                PdfLayout.DrawQr(gfx, links.Absolute(SiteLinks.DistrictActivities(list.District.Id)), page.Width.Point - Margin - 70, Margin, 70);
                gfx.DrawString(asOf, body, XBrushes.Black, Margin, y + 20);
                gfx.DrawString(L("参加したい方・手伝いたい方のご相談、お問い合わせ", "To join or help, or with any question, ask"), small, XBrushes.Black, Margin, y + 40);
                var officeFit = PdfText.Fit(gfx, officeLine, Family, 12, 10, tableWidth, bold: true);
                y += 46 + PdfText.DrawLines(gfx, officeFit, Family, XBrushes.Black, Margin, y + 46, bold: true);
                y = Math.Max(y, Margin + 78) + 10;
            }
            else
            {
                PdfText.DrawLeft(gfx, title + L("（つづき）", " (continued)"), Family, 13, XBrushes.Black, Margin, y, bold: true);
                y += 24;
                if (section is not null) DrawSectionHeading(section, continued: true);
            }
        }

        void DrawSectionHeading(string text, bool continued = false)
        {
            PdfText.DrawLeft(gfx!, continued ? text + L("（つづき）", " (continued)") : text, Family, 13, new XSolidBrush(Brand), Margin, y + 2, bold: true);
            y += 22;
            PdfLayout.DrawTableHeading(gfx!, Margin, y, Widths, [L("活動", "Activity"), L("いつ", "When"), L("場所", "Where"), L("問い合わせ", "Contact")], heading);
            y += 20;
        }

        void DrawSection(string title, IReadOnlyList<PublicActivity> activities, string empty)
        {
            // A section heading never sits alone at the foot of a page.
            if (y + 22 + 20 + 40 > Bottom()) NewPage();
            section = title;
            DrawSectionHeading(title);
            if (activities.Count == 0)
            {
                gfx!.DrawString(empty, body, XBrushes.Black, Margin + 4, y + 18);
                y += 28;
            }
            foreach (var activity in activities)
            {
                var inner = Widths.Select(w => w - 8).ToArray();
                var name = PdfText.Fit(gfx!, activity.Name, Family, 12, 10, inner[0], bold: true);
                var kind = PdfText.Fit(gfx!, english ? $"[{activity.KindIn(true)}]" : $"［{activity.Kind}］", Family, 10.5, 9, inner[0]);
                var when = PdfText.Fit(gfx!, activity.Schedule, Family, 12, 11, inner[1]);
                var venue = PdfText.Fit(gfx!, activity.Venue, Family, 12, 10, inner[2]);
                var address = PdfText.Fit(gfx!, activity.Address, Family, 10.5, 9, inner[2]);
                var contact = PdfText.Fit(gfx!, activity.ContactName, Family, 12, 10, inner[3]);
                var phone = PdfText.Fit(gfx!, activity.ContactPhone, Family, 12, 9, inner[3], bold: true);
                double Tall((double Size, IReadOnlyList<string> Lines) f, string text) => text.Length == 0 ? 0 : PdfText.Height(f);
                var rowHeight = 10 + new[]
                {
                    PdfText.Height(name) + 2 + PdfText.Height(kind), PdfText.Height(when),
                    Tall(venue, activity.Venue) + Tall(address, activity.Address), Tall(contact, activity.ContactName) + PdfText.Height(phone),
                }.Max();
                if (y + rowHeight > Bottom()) NewPage();

                PdfLayout.DrawRowCells(gfx!, new XPen(XColor.FromArgb(0xb0, 0xb0, 0xb0), 0.5), Margin, y, Widths, rowHeight);
                var x = Margin + 4;
                var top = y + 5;
                var nameHeight = PdfText.DrawLines(gfx!, name, Family, XBrushes.Black, x, top, bold: true);
                PdfText.DrawLines(gfx!, kind, Family, new XSolidBrush(Brand), x, top + nameHeight + 2);
                x += Widths[0];
                PdfText.DrawLines(gfx!, when, Family, XBrushes.Black, x, top);
                x += Widths[1];
                var venueHeight = activity.Venue.Length == 0 ? 0 : PdfText.DrawLines(gfx!, venue, Family, XBrushes.Black, x, top);
                if (activity.Address.Length > 0) PdfText.DrawLines(gfx!, address, Family, XBrushes.Black, x, top + venueHeight);
                x += Widths[2];
                var contactHeight = activity.ContactName.Length == 0 ? 0 : PdfText.DrawLines(gfx!, contact, Family, XBrushes.Black, x, top);
                PdfText.DrawLines(gfx!, phone, Family, XBrushes.Black, x, top + contactHeight, bold: true);
                y += rowHeight;
            }
            y += 16;
        }

        NewPage();
        if (list.District.Tier == AreaTier.District)
            DrawSection(L("この地区の活動", "In this district"), list.Local, L("この地区で公開している活動は、まだありません。", "No activities are listed for this district yet."));
        DrawSection(L("市全域の活動（どの地区の方も参加できます）", "City-wide (open to every district)"), list.CityWide,
            L("市全域で公開している活動は、まだありません。", "No city-wide activities are listed yet."));

        // The office closes the list too, where a reader who has made up their mind looks for it.
        var closingTitle = L("地域の活動についてのお問い合わせ", "Questions about local activities");
        var note = L("参加したい方、手伝いたい方、活動を載せたい団体の方も、お気軽にご相談ください。", "Whether you would like to join, to help, or to have your group listed, please call.");
        var officeClosing = PdfText.Fit(gfx!, officeLine, Family, 13, 10, tableWidth - 20, bold: true);
        var noteLines = PdfText.Fit(gfx!, note, Family, 10.5, 10.5, tableWidth - 20);
        var boxHeight = 34 + PdfText.Height(officeClosing) + PdfText.Height(noteLines) + 10;
        if (y + boxHeight > Bottom())
        {
            section = null;
            NewPage();
        }
        gfx!.DrawRectangle(new XPen(Brand, 1.2), Margin, y, tableWidth, boxHeight);
        PdfText.DrawLeft(gfx, closingTitle, Family, 13, XBrushes.Black, Margin + 10, y + 8, bold: true);
        var closingY = y + 30 + PdfText.DrawLines(gfx, officeClosing, Family, XBrushes.Black, Margin + 10, y + 30, bold: true);
        PdfText.DrawLines(gfx, noteLines, Family, XBrushes.Black, Margin + 10, closingY + 4);
        gfx.Dispose();

        var printed = english ? $"Printed {PeopleDates.LongDate(today.ToDateTime(TimeOnly.MinValue), "en")}" : $"{JapaneseDates.LongWareki(today)} 作成";
        for (var i = 0; i < document.PageCount; i++)
        {
            using var footer = XGraphics.FromPdfPage(document.Pages[i]);
            var p = document.Pages[i];
            footer.DrawString($"{i + 1} / {document.PageCount}　　{printed}", footnote, XBrushes.Black,
                new XRect(Margin, p.Height.Point - Margin, p.Width.Point - 2 * Margin, 14), XStringFormats.TopCenter);
        }

        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(list.Texts.Append(office.Organisation)));
    }
}

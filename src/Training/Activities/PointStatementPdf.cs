using System.Globalization;
using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// The yearly points statement on A4, in Japanese or English: the helper's name exactly as written (𠮷 in the fallback
/// font), every counted record as a ruled row — date, activity, duration or visits, points, what a cap or rule cut —
/// then the totals and the city's office as the issuer. Long activity names wrap inside their cell; the table
/// continues on further pages with its heading row repeated.
/// </summary>
public class PointStatementPdf(IOptions<SiteOptions> site, IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents)
{
    private const double Margin = 40;
    private const double CellPadding = 4;
    private static readonly double[] Widths = [95, 180, 90, 60, 90];

    private sealed record Words(string Title, string Period, string Name, string[] Columns, string Total, string BeforeCap, string CutByCaps, string Records,
        string Issuer, string Issued, string Phone, string None, string Note, Func<PointCut, int, string> Cut, Func<int, int, string> Amount,
        Func<DateOnly, string> Date, Func<int, string> Year, string Unit, string Carried, string UnknownKind, string CarriedTotal, string CarriedNote);

    private static readonly Words Japanese = new("ボランティアポイント明細書", "対象の期間", "お名前",
        ["活動した日", "活動", "時間・訪問", "ポイント", "減った分"], "付与ポイントの合計", "上限を適用する前", "上限で減った分", "数えた記録", "発行", "発行日", "電話",
        "この年度に数えた記録はありません。",
        "ポイントは、確認済みの活動の記録から計算しています。上限（1日・1か月・年度、活動の種類ごと）は日付と開始時刻の順に当てはめています。年齢は、活動した年に迎える年齢で判断しています。",
        (cut, points) => cut switch
        {
            PointCut.Day => $"1日の上限 −{points}",
            PointCut.Month => $"1か月の上限 −{points}",
            PointCut.Year => $"年度の上限 −{points}",
            PointCut.Age => "対象年齢の前",
            PointCut.Program => "指定の研修の修了前",
            PointCut.NoRule => "ポイントの対象外",
            _ => "",
        },
        (minutes, visits) => visits > 0 ? $"{PointRule.Duration(minutes)}・{visits}回" : PointRule.Duration(minutes),
        date => JapaneseDates.FullDate(date), JapaneseDates.FiscalYear, "ポイント", "以前の台帳から", "種類不明", "うち以前の台帳から",
        "「以前の台帳から」は、この仕組みを使う前の台帳（スタンプカードなど）にあったポイントで、書かれていたとおりに数えています。活動の種類がわかる分は、その種類の上限に含めています。");

    private static readonly Words English = new("Volunteer points statement", "Period", "Name",
        ["Date", "Activity", "Time / visits", "Points", "Cut"], "Points awarded", "Before caps", "Cut by caps", "Records counted", "Issued by", "Issued on", "Phone",
        "No records were counted in this fiscal year.",
        "Points are worked out from confirmed activity records. Caps (per day, month and fiscal year, per kind of activity) apply in order of date and start time. Age is the age reached in the calendar year of the activity.",
        (cut, points) => cut switch
        {
            PointCut.Day => $"Daily cap −{points}",
            PointCut.Month => $"Monthly cap −{points}",
            PointCut.Year => $"Yearly cap −{points}",
            PointCut.Age => "Below the age",
            PointCut.Program => "Course not yet completed",
            PointCut.NoRule => "Not eligible for points",
            _ => "",
        },
        (minutes, visits) => (minutes / 60, minutes % 60) switch
        {
            (0, var m) => $"{m} min",
            (var h, 0) => $"{h} h",
            (var h, var m) => $"{h} h {m} min",
        } + (visits > 0 ? $", {visits} visit{(visits == 1 ? "" : "s")}" : ""),
        date => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture), year => $"FY{year} ({year}/{(year + 1) % 100:00})", "points",
        "From the earlier ledger", "kind not recorded", "Of which from earlier ledgers",
        "\"From the earlier ledger\" lines are points recorded before this system was used (stamp cards and the like), counted as written. Where their kind of activity is known, they count toward that kind's caps.");

    public byte[] Render(PointStatement s, string language)
    {
        var w = language == "en" ? English : Japanese;
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var document = new PdfDocument();
        document.Info.Title = $"{w.Title} {w.Year(s.FiscalYear)}";
        document.Info.Creator = "Training";
        var title = PdfFonts.Font(PdfFonts.Gothic, 18, bold: true);
        var heading = PdfFonts.Font(PdfFonts.Gothic, 11, bold: true);
        var body = PdfFonts.Font(PdfFonts.Gothic, 10);
        var small = PdfFonts.Font(PdfFonts.Gothic, 8.5);
        var pen = new XPen(XColor.FromArgb(0x99, 0x99, 0x99), 0.5);
        PdfPage page = null!;
        XGraphics gfx = null!;
        var y = 0.0;
        var width = Widths.Sum();
        double Bottom() => page.Height.Point - Margin;
        void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
            gfx.DrawString($"{site.Value.Municipality}　{site.Value.Name}", small, XBrushes.Black, new XRect(Margin, y - 14, width, 10), XStringFormats.TopRight);
        }
        void HeadingRow()
        {
            PdfLayout.DrawTableHeading(gfx, Margin, y, Widths, w.Columns, small);
            PdfLayout.DrawRowCells(gfx, pen, Margin, y, Widths, 20);
            y += 20;
        }

        NewPage();
        gfx.DrawString($"{w.Title}　{w.Year(s.FiscalYear)}", title, XBrushes.Black, Margin, y + 18);
        y += 34;
        gfx.DrawString(w.Name, small, XBrushes.Black, Margin, y + 8);
        // The name exactly as written: each run in the first font that has it (𠮷 in IPAmj明朝).
        PdfText.DrawLeft(gfx, s.Name + (language == "en" ? "" : " 様"), PdfFonts.Gothic, 16, XBrushes.Black, Margin + 60, y - 2, bold: true);
        y += 22;
        if (s.Kana.Length > 0) PdfText.DrawLeft(gfx, s.Kana, PdfFonts.Gothic, 9, XBrushes.Black, Margin + 60, y - 4);
        y += 14;
        gfx.DrawString($"{w.Period}　{w.Date(s.From)} 〜 {w.Date(s.To)}", body, XBrushes.Black, Margin, y + 10);
        y += 24;

        (string, string)[] totals =
        [
            (w.Total, $"{s.Points:N0} {w.Unit}"), (w.BeforeCap, $"{s.PointsBeforeCap:N0} {w.Unit}"), (w.CutByCaps, $"{s.CutByCaps:N0} {w.Unit}"),
            (w.Records, $"{s.Records}"),
        ];
        // Points brought in from earlier ledgers, when there are any: part of the total, said so beside it.
        if (s.Carried > 0) totals = [totals[0], (w.CarriedTotal, $"{s.Carried:N0} {w.Unit}"), .. totals[1..]];
        foreach (var (label, value) in totals)
        {
            gfx.DrawString(label, body, XBrushes.Black, Margin, y + 10);
            gfx.DrawString(value, label == w.Total ? heading : body, XBrushes.Black, new XRect(Margin + 150, y, 120, 14), XStringFormats.TopRight);
            y += 16;
        }
        y += 10;

        if (s.Lines.Count == 0)
        {
            gfx.DrawString(w.None, body, XBrushes.Black, Margin, y + 10);
            y += 20;
        }
        else
        {
            HeadingRow();
            foreach (var line in s.Lines)
            {
                var activity = PdfText.Fit(gfx, line.Carried ? $"{w.Carried}（{(line.Kind.Length > 0 ? line.Kind : w.UnknownKind)}）" : $"{line.Activity}（{line.Kind}）",
                    PdfFonts.Gothic, 9.5, 8, Widths[1] - 2 * CellPadding);
                var height = Math.Max(18, PdfText.Height(activity) + 2 * CellPadding);
                if (y + height > Bottom())
                {
                    NewPage();
                    HeadingRow();
                }
                PdfLayout.DrawRowCells(gfx, pen, Margin, y, Widths, height);
                var x = Margin;
                gfx.DrawString(w.Date(line.Date), small, XBrushes.Black, new XRect(x + CellPadding, y + CellPadding, Widths[0] - 2 * CellPadding, 12), XStringFormats.TopLeft);
                x += Widths[0];
                PdfText.DrawLines(gfx, activity, PdfFonts.Gothic, XBrushes.Black, x + CellPadding, y + CellPadding - 1);
                x += Widths[1];
                gfx.DrawString(line.Carried ? "—" : w.Amount(line.Minutes, line.Visits), small, XBrushes.Black, new XRect(x + CellPadding, y + CellPadding, Widths[2] - 2 * CellPadding, 12), XStringFormats.TopLeft);
                x += Widths[2];
                gfx.DrawString($"{line.Points:N0}", body, XBrushes.Black, new XRect(x + CellPadding, y + CellPadding - 1, Widths[3] - 2 * CellPadding, 12), XStringFormats.TopRight);
                x += Widths[3];
                gfx.DrawString(w.Cut(line.Cut, line.PointsBeforeCap - line.Points), small, XBrushes.Black, new XRect(x + CellPadding, y + CellPadding, Widths[4] - 2 * CellPadding, 12), XStringFormats.TopLeft);
                y += height;
            }
        }

        var note = PdfLayout.Wrap(gfx, s.Carried > 0 ? $"{w.Note}{(language == "en" ? " " : "")}{w.CarriedNote}" : w.Note, small, width);
        var issuer = $"{w.Issuer}　{s.Issuer}" + (string.IsNullOrWhiteSpace(s.IssuerPhone) ? "" : $"　{w.Phone} {s.IssuerPhone}");
        if (y + 20 + note.Count * 11 + 40 > Bottom()) NewPage();
        y += 14;
        foreach (var noteLine in note)
        {
            gfx.DrawString(noteLine, small, XBrushes.Black, new XRect(Margin, y, width, 10), XStringFormats.TopLeft);
            y += 11;
        }
        y += 14;
        gfx.DrawString($"{w.Issued}　{w.Date(s.IssuedOn)}", body, XBrushes.Black, new XRect(Margin, y, width, 12), XStringFormats.TopRight);
        y += 16;
        PdfText.DrawLeft(gfx, issuer, PdfFonts.Gothic, 11, XBrushes.Black, Margin + width - PdfText.Measure(gfx, issuer, PdfFonts.Gothic, 11, bold: true), y, bold: true);
        gfx.Dispose();
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters([s.Name, s.Kana, .. s.Lines.Select(l => l.Activity), .. s.Lines.Select(l => l.Kind)]));
    }
}

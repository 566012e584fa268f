using System.Text;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;
using Training.Text;
using Training.Time;

namespace Training.Reports;

/// <summary>
/// The yearly figures as files for the city's own reporting: CSV that opens cleanly in Excel, and XLSX. Both have the
/// printed report's columns in its order (項目, 開催回数, 実人数, 延べ参加者数); a line without sessions (a participant's
/// district, age band or sex) leaves 開催回数 empty.
/// </summary>
public static class ReportExports
{
    private static readonly string[] Header = ["区分", .. ReportWords.Columns];

    private static IEnumerable<(string Label, object Value)> Totals(FiscalYearFigures f) =>
    [
        ("年度", JapaneseDates.FiscalYear(f.FiscalYear)), ("期間", $"{f.From:yyyy-MM-dd}〜{f.To:yyyy-MM-dd}"),
        (ReportWords.SessionsHeld, f.SessionsHeld), (ReportWords.People, f.People), (ReportWords.Attendances, f.Attendances),
        ("予約席数（開催回×参加決定）", f.ExpectedAttendances), ("出席率", f.AttendanceRate is { } r ? Math.Round(r * 100, 1) : "-"),
        ("申し込み", f.Registrations), ("修了", f.Completions), ("修了証の交付", f.CertificatesIssued),
        ("サポーター登録中", f.ListedSupporters), ("資格の期限が近い（90日以内）", f.ExpiringQualifications),
    ];

    /// <summary>UTF-8 with a byte-order mark (so Excel reads the Japanese), CRLF lines, every field quoted and neutralised.</summary>
    public static byte[] Csv(FiscalYearFigures figures, ActivityFigures? activities = null)
    {
        var text = new StringBuilder();
        foreach (var (label, value) in Totals(figures)) text.Append(Text.Csv.Line([label, value])).Append("\r\n");
        text.Append("\r\n").Append(Text.Csv.Line(Header)).Append("\r\n");
        foreach (var (section, lines) in figures.Breakdowns())
            foreach (var line in lines)
                text.Append(Text.Csv.Line([section, line.Label, line.Sessions is { } held ? held : "", line.People, line.Attendances])).Append("\r\n");
        // The activities part: each table with its own heading row, since its columns are not the courses'.
        foreach (var table in activities?.Tables ?? [])
        {
            text.Append("\r\n").Append(Text.Csv.Line(["区分", ReportWords.Item, .. table.Columns])).Append("\r\n");
            foreach (var row in table.Rows) text.Append(Text.Csv.Line([table.Title, row.Label, .. row.Values.Cast<object>()])).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// One sheet with the totals, one per breakdown; numbers as numbers, text neutralised against formulas, columns wide
    /// enough for their longest text and the heading row bold and frozen.
    /// </summary>
    public static async Task<byte[]> XlsxAsync(FiscalYearFigures figures, ActivityFigures? activities = null, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await using (var spreadsheet = await SpreadCheetah.Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken))
        {
            var bold = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
            var totals = Totals(figures).ToList();
            await spreadsheet.StartWorksheetAsync("集計", Widths([Width(totals.Select(t => t.Label)), NumberWidth(totals.Select(t => $"{t.Value}"))]), cancellationToken);
            foreach (var (label, value) in totals)
                await spreadsheet.AddRowAsync([new Cell(Safe(label)), value is int n ? new Cell(n) : value is double d ? new Cell(d) : new Cell(Safe($"{value}"))], cancellationToken);
            foreach (var (section, lines) in figures.Breakdowns())
            {
                var headings = ReportWords.Columns;
                var widths = new[] { Width(lines.Select(l => l.Label).Append(headings[0])) }
                    .Concat(headings.Skip(1).Select(h => NumberWidth([h]))).ToArray();
                var options = Widths(widths);
                options.FrozenRows = 1;
                await spreadsheet.StartWorksheetAsync(SheetName(section), options, cancellationToken);
                await spreadsheet.AddRowAsync(headings.Select(h => new StyledCell(new DataCell(h), bold)).ToArray(), cancellationToken);
                foreach (var line in lines)
                    await spreadsheet.AddRowAsync([new Cell(Safe(line.Label)), line.Sessions is { } held ? new Cell(held) : new Cell(), new Cell(line.People), new Cell(line.Attendances)], cancellationToken);
            }
            foreach (var table in activities?.Tables ?? [])
            {
                string[] headings = [ReportWords.Item, .. table.Columns];
                var options = Widths([Width(table.Rows.Select(r => r.Label).Append(headings[0])), .. table.Columns.Select(c => NumberWidth([c]))]);
                options.FrozenRows = 1;
                await spreadsheet.StartWorksheetAsync(SheetName(table.Title), options, cancellationToken);
                await spreadsheet.AddRowAsync(headings.Select(h => new StyledCell(new DataCell(h), bold)).ToArray(), cancellationToken);
                foreach (var row in table.Rows)
                    await spreadsheet.AddRowAsync([new Cell(Safe(row.Label)), .. row.Values.Select(v => new Cell(v))], cancellationToken);
            }
            await spreadsheet.FinishAsync(cancellationToken);
        }
        return stream.ToArray();
    }

    private static WorksheetOptions Widths(IReadOnlyList<double> widths)
    {
        var options = new WorksheetOptions();
        for (var column = 0; column < widths.Count; column++) options.Column(column + 1).Width = widths[column];
        return options;
    }

    /// <summary>
    /// A column's width in Excel's units (the width of a "0"): a full-width character takes two, and a little room is
    /// left; an unusually long program name is capped.
    /// </summary>
    private static double Width(IEnumerable<string> texts) =>
        Math.Clamp(texts.Select(DisplayWidth).DefaultIfEmpty(0).Max() + 2, 12, 80);

    private static double NumberWidth(IEnumerable<string> headings) => Math.Max(10, headings.Select(DisplayWidth).DefaultIfEmpty(0).Max() + 2);

    private static int DisplayWidth(string text) => text.Sum(c => char.IsLowSurrogate(c) ? 0 : c < 0x2E80 ? 1 : 2);

    private static string Safe(string text) => Text.Spreadsheet.Safe(text);

    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    private static string SheetName(string section)
    {
        var name = new string(section.Where(c => !":\\/?*[]".Contains(c)).ToArray()).Replace("（", "(").Replace("）", ")");
        return name.Length <= 31 ? name : name[..31];
    }
}

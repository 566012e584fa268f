using System.Text;
using SpreadCheetah;
using Training.Text;
using Training.Time;

namespace Training.Reports;

/// <summary>The yearly figures as files for the city's own reporting: CSV that opens cleanly in Excel, and XLSX.</summary>
public static class ReportExports
{
    private static readonly string[] Header = ["区分", "項目", "開催回数", "実人数", "延人数"];

    private static IEnumerable<(string Label, object Value)> Totals(FiscalYearFigures f) =>
    [
        ("年度", JapaneseDates.FiscalYear(f.FiscalYear)), ("期間", $"{f.From:yyyy-MM-dd}〜{f.To:yyyy-MM-dd}"),
        ("開催回数", f.SessionsHeld), ("実人数", f.People), ("延人数", f.Attendances),
        ("予約席数（開催回×参加決定）", f.ExpectedAttendances), ("出席率", f.AttendanceRate is { } r ? Math.Round(r * 100, 1) : "-"),
        ("申し込み", f.Registrations), ("修了", f.Completions), ("修了証の交付", f.CertificatesIssued),
        ("サポーター登録中", f.ListedSupporters), ("資格の期限が近い（90日以内）", f.ExpiringQualifications),
    ];

    /// <summary>UTF-8 with a byte-order mark (so Excel reads the Japanese), CRLF lines, every field quoted and neutralised.</summary>
    public static byte[] Csv(FiscalYearFigures figures)
    {
        var text = new StringBuilder();
        foreach (var (label, value) in Totals(figures)) text.Append(Text.Csv.Line([label, value])).Append("\r\n");
        text.Append("\r\n").Append(Text.Csv.Line(Header)).Append("\r\n");
        foreach (var (section, lines) in figures.Breakdowns())
            foreach (var line in lines)
                text.Append(Text.Csv.Line([section, line.Label, line.Sessions, line.People, line.Attendances])).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>One sheet with the totals, one per breakdown; numbers as numbers, text neutralised against formulas.</summary>
    public static async Task<byte[]> XlsxAsync(FiscalYearFigures figures, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await using (var spreadsheet = await SpreadCheetah.Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken))
        {
            await spreadsheet.StartWorksheetAsync("集計", token: cancellationToken);
            foreach (var (label, value) in Totals(figures))
                await spreadsheet.AddRowAsync([new Cell(Safe(label)), value is int n ? new Cell(n) : value is double d ? new Cell(d) : new Cell(Safe($"{value}"))], cancellationToken);
            foreach (var (section, lines) in figures.Breakdowns())
            {
                await spreadsheet.StartWorksheetAsync(SheetName(section), token: cancellationToken);
                await spreadsheet.AddRowAsync(Header.Skip(1).Select(h => new Cell(h)).ToArray(), cancellationToken);
                foreach (var line in lines)
                    await spreadsheet.AddRowAsync([new Cell(Safe(line.Label)), new Cell(line.Sessions), new Cell(line.People), new Cell(line.Attendances)], cancellationToken);
            }
            await spreadsheet.FinishAsync(cancellationToken);
        }
        return stream.ToArray();
    }

    private static string Safe(string text) => Text.Spreadsheet.Safe(text);

    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    private static string SheetName(string section)
    {
        var name = new string(section.Where(c => !":\\/?*[]".Contains(c)).ToArray()).Replace("（", "(").Replace("）", ")");
        return name.Length <= 31 ? name : name[..31];
    }
}

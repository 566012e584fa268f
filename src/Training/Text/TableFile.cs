using System.Text;
using SpreadCheetah;
using SpreadCheetah.Worksheets;

namespace Training.Text;

/// <summary>
/// A list as the file the office opens, the same way for every export: CSV in UTF-8 with a byte-order mark (so Excel
/// reads the Japanese), CRLF lines, every field quoted and neutralised (<see cref="Csv.Line"/>); or XLSX of one sheet
/// with the header row frozen, column widths, numbers as numbers and text neutralised against formulas
/// (<see cref="Spreadsheet.Safe"/>).
/// </summary>
public static class TableFile
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        text.Append(Text.Csv.Line(header)).Append("\r\n");
        foreach (var row in rows) text.Append(Text.Csv.Line(row)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <param name="title">The document's title (shown by Excel's file properties).</param>
    /// <param name="widths">Each column's width in characters, in the header's order.</param>
    public static async Task<byte[]> XlsxAsync(string title, string sheet, IReadOnlyList<string> header, IReadOnlyList<double> widths,
        IEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        var properties = new SpreadCheetahOptions { DocumentProperties = new SpreadCheetah.Metadata.DocumentProperties { Title = title } };
        await using (var spreadsheet = await SpreadCheetah.Spreadsheet.CreateNewAsync(stream, properties, cancellationToken))
        {
            var options = new WorksheetOptions { FrozenRows = 1 };
            for (var i = 0; i < widths.Count; i++) options.Column(i + 1).Width = widths[i];
            await spreadsheet.StartWorksheetAsync(sheet, options, cancellationToken);
            await spreadsheet.AddRowAsync(header.Select(h => new Cell(h)).ToArray(), cancellationToken);
            foreach (var row in rows) await spreadsheet.AddRowAsync(row.Select(CellOf).ToArray(), cancellationToken);
            await spreadsheet.FinishAsync(cancellationToken);
        }
        return stream.ToArray();
    }

    private static Cell CellOf(object? value) => value switch
    {
        int number => new Cell(number),
        long number => new Cell(number),
        double number => new Cell(number),
        decimal number => new Cell(number),
        _ => new Cell(Spreadsheet.Safe(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "")),
    };
}

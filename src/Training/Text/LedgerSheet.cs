using System.Text;

namespace Training.Text;

/// <summary>
/// An uploaded ledger read as rows under its heading row, for every import of an existing ledger (activity records,
/// points brought in): the file read by <see cref="SpreadsheetFile.TryReadRows"/>, the headings found whatever their
/// width or bracket style (「時間(分)」 is 「時間（分）」), and each cell read by its heading, trimmed.
/// </summary>
public sealed class LedgerSheet
{
    private readonly Dictionary<string, int> _index;

    private LedgerSheet(List<List<string>> rows, Dictionary<string, int> index) => (Rows, _index) = (rows, index);

    /// <summary>Every row of the file, the heading row first.</summary>
    public IReadOnlyList<List<string>> Rows { get; }

    /// <summary>
    /// The sheet, or null with the reason in <paramref name="problems"/>: the file unreadable (row 0), or a required
    /// heading missing (row 1, one problem each, naming every heading the ledger takes).
    /// </summary>
    public static LedgerSheet? Open(byte[] file, IReadOnlyList<string> columns, IReadOnlyCollection<string> required, ImportProblems problems)
    {
        if (!SpreadsheetFile.TryReadRows(file, out var rows, out var unreadable))
        {
            problems.Add(0, "", unreadable);
            return null;
        }
        var header = rows[0].Select(Heading).ToList();
        var index = columns.ToDictionary(c => c, c => header.IndexOf(Heading(c)));
        foreach (var missing in required.Where(c => index[c] < 0))
            problems.Add(1, missing, $"見出しに「{missing}」の列がありません。見出しは {string.Join(",", columns)} です。");
        return problems.Count > 0 ? null : new LedgerSheet(rows, index);
    }

    /// <summary>The cell of <paramref name="row"/> under <paramref name="column"/>, trimmed; empty when the file has no such column or the row stops short.</summary>
    public string Cell(IReadOnlyList<string> row, string column) =>
        _index.TryGetValue(column, out var i) && i >= 0 && i < row.Count ? row[i].Trim() : "";

    private static string Heading(string text) => text.Trim().Normalize(NormalizationForm.FormKC).Replace("(", "（").Replace(")", "）");
}

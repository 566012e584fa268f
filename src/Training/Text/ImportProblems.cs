namespace Training.Text;

/// <summary>One thing wrong in an uploaded file, by row (from 1; 0 for the whole file) and column heading.</summary>
public sealed record ImportProblem(int Row, string Column, string Reason);

/// <summary>
/// The problems an import found, as a person reads them: the first <see cref="Shown"/> kept in full, the rest only
/// counted, so a file wrong on every one of its rows answers with a page of bounded size. Every import (people,
/// attendance, and any later one) collects its problems here; messages quote cells through
/// <see cref="SpreadsheetFile.Quote"/>.
/// </summary>
public sealed class ImportProblems : IReadOnlyList<ImportProblem>
{
    public const int Shown = 200;
    private readonly List<ImportProblem> _kept = [];

    public ImportProblems() { }

    public ImportProblems(ImportProblem problem) => Add(problem);

    /// <summary>Every problem found, kept or only counted.</summary>
    public int Total { get; private set; }

    /// <summary>Problems found beyond those kept.</summary>
    public int NotShown => Total - _kept.Count;

    /// <summary>The problems kept, at most <see cref="Shown"/>; none kept means none found.</summary>
    public int Count => _kept.Count;

    public ImportProblem this[int index] => _kept[index];

    public IEnumerator<ImportProblem> GetEnumerator() => _kept.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Add(ImportProblem problem)
    {
        Total++;
        if (_kept.Count < Shown) _kept.Add(problem);
    }

    public void Add(int row, string column, string reason) => Add(new ImportProblem(row, column, reason));

    /// <summary>
    /// Puts the problems of one row, those kept since there were <paramref name="keptBefore"/>, in the order of the
    /// file's columns.
    /// </summary>
    public void OrderRowSince(int keptBefore, Func<ImportProblem, int> columnOrder)
    {
        if (keptBefore >= _kept.Count) return;
        var row = _kept.Skip(keptBefore).OrderBy(columnOrder).ToList();
        _kept.RemoveRange(keptBefore, row.Count);
        _kept.AddRange(row);
    }

    /// <summary>Puts every kept problem in the file's order: by row, then by column.</summary>
    public void OrderByRow(Func<ImportProblem, int> columnOrder)
    {
        var sorted = _kept.OrderBy(p => p.Row).ThenBy(columnOrder).ToList();
        _kept.Clear();
        _kept.AddRange(sorted);
    }
}

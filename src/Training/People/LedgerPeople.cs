using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Text;

namespace Training.People;

/// <summary>A person a ledger's row named: their id, the name as on record, and the name as the ledger wrote it (the preview shows both when folding matched 吉 to 𠮷).</summary>
public sealed record LedgerPerson(int Id, string Name, string Written);

/// <summary>
/// The people an imported ledger names, among those the staff member reaches (<see cref="PersonReach"/>), matched the
/// way a coordinator reads a paper ledger: by the folded name (吉 finds 𠮷, 高 finds 髙), and by the furigana too when
/// two people share the name. Every import of an existing ledger matches its rows here, once.
/// </summary>
public sealed class LedgerPeople
{
    private readonly List<(int Id, string Name, string Key)> _people;

    private LedgerPeople(List<(int Id, string Name, string Key)> people) => _people = people;

    /// <summary>Reads the people whose folded name is one of <paramref name="names"/> (as written in the ledger), within <paramref name="staffAreas"/> (empty: everyone), anonymised people left out.</summary>
    public static async Task<LedgerPeople> ReadAsync(TrainingDbContext db, IEnumerable<string> names, IReadOnlyCollection<int> staffAreas, CancellationToken cancellationToken)
    {
        var people = new List<(int Id, string Name, string Key)>();
        foreach (var prefix in names.Select(NameFolding.SearchKey).Where(k => k.Length > 0).Distinct().Select(k => k + "|"))
            people.AddRange((await db.People.AsNoTracking().Within(db, staffAreas)
                .Where(p => p.AnonymisedAt == null && p.SearchKey.StartsWith(prefix))
                .Select(p => new { p.Id, p.FamilyName, p.GivenName, p.SearchKey }).ToListAsync(cancellationToken))
                .Select(p => (p.Id, string.IsNullOrEmpty(p.GivenName) ? p.FamilyName : $"{p.FamilyName} {p.GivenName}", p.SearchKey)));
        return new LedgerPeople(people);
    }

    /// <summary>
    /// The one person row <paramref name="number"/> names by <paramref name="name"/> and <paramref name="kana"/>, or null
    /// with the reason added to <paramref name="problems"/> under 氏名 or ふりがな: no name, nobody of that name in reach,
    /// or two people of that name the furigana does not tell apart.
    /// </summary>
    public LedgerPerson? Match(int number, string name, string kana, ImportProblems problems)
    {
        var nameKey = NameFolding.SearchKey(name);
        var kanaKey = NameFolding.SearchKey(kana);
        var matches = _people.Where(p => p.Key.StartsWith(nameKey + "|", StringComparison.Ordinal) && (kanaKey.Length == 0 || p.Key == $"{nameKey}|{kanaKey}")).ToList();
        if (nameKey.Length == 0) problems.Add(number, "氏名", "氏名が空です。");
        else if (matches.Count == 0) problems.Add(number, "氏名", $"「{SpreadsheetFile.Quote(name)}」は、担当の地区で記録のある方にいません。先に名簿に登録してください。");
        else if (matches.Count > 1) problems.Add(number, "ふりがな", $"「{SpreadsheetFile.Quote(name)}」が複数います。ふりがなで区別してください。");
        return matches.Count == 1 && nameKey.Length > 0 ? new LedgerPerson(matches[0].Id, matches[0].Name, name) : null;
    }
}

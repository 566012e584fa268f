using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Text;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// One row of an earlier points ledger, checked and matched: the person (<paramref name="Name"/> as on record,
/// <paramref name="Written"/> as the ledger wrote it), the kind's name (null: 種類不明) and the fiscal year the date falls in.
/// </summary>
public sealed record ImportedCarryover(int Row, int PersonId, string Name, string Written, PointCarryoverInput Input, string? KindName, int FiscalYear);

public sealed record CarryoverImportPreview(IReadOnlyList<ImportedCarryover> Entries, ImportProblems Problems)
{
    public bool CanImport => Problems.Count == 0 && Entries.Count > 0;
    public int People => Entries.Select(e => e.PersonId).Distinct().Count();
    public int Points => Entries.Sum(e => e.Input.Points ?? 0);
}

/// <summary>What became of an import of an earlier points ledger.</summary>
public abstract record CarryoverImportOutcome
{
    public sealed record Imported(int Count, int People, string BatchId) : CarryoverImportOutcome;
    public sealed record HasProblems(CarryoverImportPreview Preview) : CarryoverImportOutcome;
    /// <summary>The city does not run points: nothing is brought in.</summary>
    public sealed record PointsOff : CarryoverImportOutcome;
}

/// <summary>
/// Points helpers earned before the city used this product — a paper stamp card's totals or a spreadsheet — brought in
/// as <see cref="PointCarryover"/> entries: XLSX, or CSV in UTF-8 or Shift_JIS, with the columns 日付, 氏名, ふりがな,
/// 活動の種類, ポイント, メモ. Each row is matched to a person the staff member reaches (<see cref="LedgerPeople"/>) and
/// checked by the entry's own rules; a row repeating another row or an entry already brought in is refused. Everything
/// or nothing is imported, in one unit with the re-derivation of each helper's year (the entries use up caps).
/// </summary>
public class PointCarryoverImport(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock, AuditLog audit, Points points)
{
    public static readonly string[] Columns = ["日付", "氏名", "ふりがな", "活動の種類", "ポイント", "メモ"];
    private static readonly string[] Required = ["日付", "氏名", "ポイント"];
    /// <summary>What a ledger writes for a kind it did not keep (the cell may also be left empty).</summary>
    public static readonly IReadOnlySet<string> UnknownKind = new HashSet<string> { "種類不明", "不明", "-", "－", "ー" };

    public async Task<CarryoverImportPreview> PreviewAsync(byte[] file, IReadOnlyCollection<int> staffAreas, CancellationToken cancellationToken = default)
    {
        var problems = new ImportProblems();
        if (LedgerSheet.Open(file, Columns, Required, problems) is not { } sheet) return new([], problems);
        var rows = sheet.Rows;
        var people = await LedgerPeople.ReadAsync(db, rows.Skip(1).Select(r => sheet.Cell(r, "氏名")), staffAreas, cancellationToken);
        var kinds = await db.ActivityKinds.AsNoTracking().Select(k => new { k.Id, k.Name, k.NameEn }).ToListAsync(cancellationToken);
        var kindByName = new Dictionary<string, (int Id, string Name)>();
        foreach (var k in kinds)
        {
            kindByName.TryAdd(KindKey(k.Name), (k.Id, k.Name));
            if (!string.IsNullOrWhiteSpace(k.NameEn)) kindByName.TryAdd(KindKey(k.NameEn), (k.Id, k.Name));
        }

        var entries = new List<ImportedCarryover>();
        var today = clock.Today;
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var number = i + 1;
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            string Quoted(string column) => SpreadsheetFile.Quote(sheet.Cell(row, column));
            var keptBefore = problems.Total;

            var input = new PointCarryoverInput { Note = sheet.Cell(row, "メモ") };
            // Cells that could not be read say so here; the entry's rules below leave them alone.
            var unread = new HashSet<string>();
            if (LedgerDates.TryParse(sheet.Cell(row, "日付"), out var date)) input.Date = date;
            else
            {
                unread.Add(nameof(input.Date));
                problems.Add(number, "日付", $"「{Quoted("日付")}」は日付として読めません（例：2026/9/30）。");
            }
            if (TryPoints(sheet.Cell(row, "ポイント"), out var amount)) input.Points = amount;
            else
            {
                unread.Add(nameof(input.Points));
                problems.Add(number, "ポイント", $"「{Quoted("ポイント")}」はポイントとして読めません。1以上の整数で入力してください。");
            }
            var kindText = sheet.Cell(row, "活動の種類");
            string? kindName = null;
            if (kindText.Length > 0 && !UnknownKind.Contains(kindText.Normalize(NormalizationForm.FormKC)))
            {
                if (kindByName.TryGetValue(KindKey(kindText), out var kind)) (input.KindId, kindName) = (kind.Id, kind.Name);
                else problems.Add(number, "活動の種類", $"「{Quoted("活動の種類")}」：{PointCarryover.Messages.KindUnknown}");
            }
            var person = people.Match(number, sheet.Cell(row, "氏名"), sheet.Cell(row, "ふりがな"), problems);
            // The entry's own rules, for the cells that could be read.
            foreach (var problem in PointCarryover.Problems(input, today).Where(p => !unread.Contains(p.Field)))
                problems.Add(number, ColumnOf(problem.Field), problem.Message);
            if (problems.Total > keptBefore) continue;
            entries.Add(new ImportedCarryover(number, person!.Id, person.Name, person.Written, input, kindName, clock.FiscalYearOf(input.Date!.Value)));
        }
        if (entries.Count == 0 && problems.Count == 0) problems.Add(0, "", "取り込む行がありません。");
        problems.OrderByRow(p => Array.IndexOf(Columns, p.Column));
        if (entries.Count == 0) return new(entries, problems);

        // The same entry twice — in the file, or already brought in (by this file before, or another) — is refused: counted once.
        var seen = new Dictionary<(int, DateOnly, int?, int, string), int>();
        foreach (var entry in entries)
            if (!seen.TryAdd(Key(entry.PersonId, entry.Input), entry.Row))
                problems.Add(entry.Row, "氏名", $"{seen[Key(entry.PersonId, entry.Input)]} 行目と同じ内容です（{entry.Name}さん、同じ日・種類・ポイント）。");
        var personIds = entries.Select(e => e.PersonId).Distinct().ToList();
        var (from, to) = (entries.Min(e => e.Input.Date!.Value), entries.Max(e => e.Input.Date!.Value));
        var existing = new Dictionary<(int, DateOnly, int?, int, string), DateTime>();
        foreach (var chunk in personIds.Chunk(500))
            foreach (var c in await db.PointCarryovers.AsNoTracking().Where(PointCarryover.Counted)
                         .Where(c => chunk.Contains(c.PersonId) && c.Date >= from && c.Date <= to)
                         .Select(c => new { c.PersonId, c.Date, c.KindId, c.Points, c.Note, c.ImportedAt }).ToListAsync(cancellationToken))
                existing.TryAdd((c.PersonId, c.Date, c.KindId, c.Points, c.Note), c.ImportedAt);
        foreach (var entry in entries)
            if (existing.TryGetValue(Key(entry.PersonId, entry.Input), out var at))
                problems.Add(entry.Row, "氏名", $"{entry.Name}さんのこの分は、{JapaneseDates.FullDate(DateOnly.FromDateTime(clock.ToLocal(at)))}にすでに取り込んであります。");
        problems.OrderByRow(p => Array.IndexOf(Columns, p.Column));
        return new(entries, problems);
    }

    /// <summary>
    /// Imports every row or none; a file with any problem imports nothing and says why. The entries share one batch id;
    /// one audit row names the file's count, helpers and points; each helper's year is derived again in the same unit.
    /// </summary>
    public async Task<CarryoverImportOutcome> ImportAsync(byte[] file, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!await points.EnabledAsync(cancellationToken)) return new CarryoverImportOutcome.PointsOff();
        var preview = await PreviewAsync(file, staffAreas, cancellationToken);
        if (!preview.CanImport) return new CarryoverImportOutcome.HasProblems(preview);
        return await unitOfWork.RunAsync<CarryoverImportOutcome>(async ct =>
        {
            var (now, today, batch) = (clock.UtcNow, clock.Today, Guid.NewGuid().ToString("N"));
            foreach (var entry in preview.Entries)
                db.PointCarryovers.Add(PointCarryover.Create(entry.PersonId, entry.Input, entry.FiscalYear, today, batch, actor.StaffUserId, now));
            var years = preview.Entries.Select(e => e.FiscalYear).Distinct().Order().Select(JapaneseDates.FiscalYear);
            audit.Record(actor, AuditAction.PointCarryoverImport, AuditTarget.OfSetting("PointCarryoverBatch", batch, "以前の台帳のポイント"),
                $"{preview.Entries.Count}件（{preview.People}人）、{preview.Points:N0}ポイント（{string.Join("・", years)}）");
            foreach (var (personId, year) in preview.Entries.Select(e => (e.PersonId, e.FiscalYear)).Distinct())
                await points.RederiveAsync(personId, year, ct);
            return new CarryoverImportOutcome.Imported(preview.Entries.Count, preview.People, batch);
        }, cancellationToken);
    }

    private static (int, DateOnly, int?, int, string) Key(int personId, PointCarryoverInput input) =>
        (personId, input.Date!.Value, input.KindId, input.Points!.Value, input.Note?.Trim() ?? "");

    private static string KindKey(string name) => name.Trim().Normalize(NormalizationForm.FormKC).Replace(" ", "").ToUpperInvariant();

    private static string ColumnOf(string field) => field switch
    {
        nameof(PointCarryoverInput.Date) => "日付",
        nameof(PointCarryoverInput.Points) => "ポイント",
        nameof(PointCarryoverInput.KindId) => "活動の種類",
        _ => "メモ",
    };

    /// <summary>A positive whole number as ledgers write it: 4800, ４８００, 4,800, 4800ポイント, 4800pt. Anything else (1.5, -100, 0) is not read.</summary>
    private static bool TryPoints(string text, out int points)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC).Replace(",", "").Replace("ポイント", "").Replace("pt", "", StringComparison.OrdinalIgnoreCase)
            .Replace("P", "", StringComparison.OrdinalIgnoreCase).Replace("点", "").Trim();
        return int.TryParse(normalised, NumberStyles.None, CultureInfo.InvariantCulture, out points) && points > 0;
    }
}

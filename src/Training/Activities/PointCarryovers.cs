using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>One entry brought in from an earlier ledger, as the person's page lists it.</summary>
public sealed record CarryoverLine(int Id, int FiscalYear, DateOnly Date, int? KindId, string? Kind, int Points, string Note, DateTime ImportedAt,
    DateTime? CancelledAt, string CancelReason, string BatchId);

/// <summary>One import of an earlier ledger as the import page lists it: when, how many entries and helpers, and how many points still count.</summary>
public sealed record CarryoverBatch(string BatchId, DateTime ImportedAt, int Entries, int People, int Points, int Cancelled);

/// <summary>What became of a correction or cancellation of entries brought in from an earlier ledger.</summary>
public abstract record CarryoverChange
{
    /// <summary>Saved; <paramref name="Count"/> entries changed (none: it already said so).</summary>
    public sealed record Saved(int Count) : CarryoverChange;
    public sealed record Invalid(IReadOnlyList<SettingProblem> Problems) : CarryoverChange;
    public sealed record NotFound : CarryoverChange;
    /// <summary>The helper (or one of the batch's helpers) is outside the staff member's districts.</summary>
    public sealed record OutOfScope : CarryoverChange;
}

/// <summary>
/// Points brought in from earlier ledgers, after the import: a helper's entries listed, one corrected or cancelled, or a
/// whole import taken back (the wrong file) — each audited with before and after, each re-deriving the helper's fiscal
/// years it touches in the same unit, since the entries use up the caps the records here are measured against. Staff
/// tied to districts reach only the helpers they reach (<see cref="PersonReach"/>).
/// </summary>
public class PointCarryovers(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock, Points points)
{
    /// <summary>A helper's entries, newest year and day first, cancelled ones too (shown as such).</summary>
    public async Task<IReadOnlyList<CarryoverLine>> ForPersonAsync(int personId, CancellationToken cancellationToken = default) =>
        await db.PointCarryovers.AsNoTracking().Where(c => c.PersonId == personId)
            .OrderByDescending(c => c.FiscalYear).ThenByDescending(c => c.Date).ThenByDescending(c => c.Id)
            .Select(c => new CarryoverLine(c.Id, c.FiscalYear, c.Date, c.KindId, db.ActivityKinds.Where(k => k.Id == c.KindId).Select(k => k.Name).FirstOrDefault(),
                c.Points, c.Note, c.ImportedAt, c.CancelledAt, c.CancelReason, c.BatchId))
            .ToListAsync(cancellationToken);

    /// <summary>The imports of the last <paramref name="count"/> batches whose helpers the staff member reaches, newest first.</summary>
    public async Task<IReadOnlyList<CarryoverBatch>> BatchesAsync(IReadOnlyCollection<int> staffAreas, int count = 20, CancellationToken cancellationToken = default)
    {
        var reached = db.People.Within(db, staffAreas).Select(p => p.Id);
        var entries = await db.PointCarryovers.AsNoTracking().Where(c => reached.Contains(c.PersonId))
            .GroupBy(c => c.BatchId)
            .Select(g => new
            {
                BatchId = g.Key, ImportedAt = g.Min(c => c.ImportedAt), Entries = g.Count(), People = g.Select(c => c.PersonId).Distinct().Count(),
                Points = g.Sum(c => c.CancelledAt == null ? c.Points : 0), Cancelled = g.Sum(c => c.CancelledAt == null ? 0 : 1),
            })
            .OrderByDescending(b => b.ImportedAt).Take(count).ToListAsync(cancellationToken);
        return entries.Select(b => new CarryoverBatch(b.BatchId, b.ImportedAt, b.Entries, b.People, b.Points, b.Cancelled)).ToList();
    }

    /// <summary>Corrects one entry (date, kind, points, note), refused with the reason as the import is; audited with what changed.</summary>
    public async Task<CarryoverChange> CorrectAsync(int id, PointCarryoverInput input, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default)
    {
        var problems = PointCarryover.Problems(input, clock.Today).ToList();
        if (input.KindId is { } kindId && !await db.ActivityKinds.AnyAsync(k => k.Id == kindId, cancellationToken))
            problems.Add(new(nameof(input.KindId), PointCarryover.Messages.KindUnknown));
        if (problems.Count > 0) return new CarryoverChange.Invalid(problems);
        return await ChangeAsync(id, staffAreas, async (entry, name, ct) =>
        {
            if (entry.CancelledAt is not null) return new CarryoverChange.Invalid([new("", PointCarryover.Messages.Cancelled)]);
            var before = PointCarryoverInput.From(entry);
            var beforeYear = entry.FiscalYear;
            var fields = entry.Correct(input, clock.FiscalYearOf(input.Date!.Value), clock.Today, clock.UtcNow);
            if (fields.Count == 0) return new CarryoverChange.Saved(0);
            var after = PointCarryoverInput.From(entry);
            var kinds = await db.ActivityKinds.AsNoTracking().Where(k => k.Id == before.KindId || k.Id == after.KindId).ToDictionaryAsync(k => k.Id, k => k.Name, ct);
            string Show(string field, PointCarryoverInput i) => field == nameof(PointCarryoverInput.KindId)
                ? i.KindId is { } k ? kinds.GetValueOrDefault(k, "?") : "種類不明"
                : PointCarryoverInput.Show(field, i);
            Record(actor, AuditAction.PointCarryoverEdit, entry, name,
                string.Join("、", fields.Select(f => $"{PointCarryoverInput.FieldLabels[f]}: {Show(f, before)} → {Show(f, after)}")));
            await AfterChange([(entry.PersonId, beforeYear), (entry.PersonId, entry.FiscalYear)], ct);
            return new CarryoverChange.Saved(1);
        }, cancellationToken);
    }

    /// <summary>Takes one entry back with the reason (brought in by mistake); kept on record, counted nowhere.</summary>
    public Task<CarryoverChange> CancelAsync(int id, string? reason, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default)
    {
        if (ReasonProblem(reason) is { } problem) return Task.FromResult<CarryoverChange>(new CarryoverChange.Invalid([problem]));
        return ChangeAsync(id, staffAreas, async (entry, name, ct) =>
        {
            if (!entry.Cancel(reason!, clock.UtcNow)) return new CarryoverChange.Invalid([new("", PointCarryover.Messages.Cancelled)]);
            Record(actor, AuditAction.PointCarryoverCancel, entry, name, $"{Describe(entry)}　理由: {entry.CancelReason}");
            await AfterChange([(entry.PersonId, entry.FiscalYear)], ct);
            return new CarryoverChange.Saved(1);
        }, cancellationToken);
    }

    /// <summary>
    /// Takes back everything one import brought in that still counts (the wrong file, a ledger brought in twice), with
    /// the reason: one audit row for the batch. Refused whole when any of its helpers is outside the staff member's reach.
    /// </summary>
    public async Task<CarryoverChange> CancelBatchAsync(string batchId, string? reason, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default)
    {
        if (ReasonProblem(reason) is { } problem) return new CarryoverChange.Invalid([problem]);
        return await unitOfWork.RunAsync<CarryoverChange>(async ct =>
        {
            var entries = await db.PointCarryovers.Where(c => c.BatchId == batchId).ToListAsync(ct);
            if (entries.Count == 0) return new CarryoverChange.NotFound();
            var personIds = entries.Select(e => e.PersonId).Distinct().ToList();
            if (staffAreas.Count > 0 && await db.People.Where(p => personIds.Contains(p.Id)).Within(db, staffAreas).CountAsync(ct) < personIds.Count)
                return new CarryoverChange.OutOfScope();
            var now = clock.UtcNow;
            var cancelled = entries.Where(e => e.Cancel(reason!, now)).ToList();
            if (cancelled.Count == 0) return new CarryoverChange.Saved(0);
            audit.Record(actor, AuditAction.PointCarryoverCancel, AuditTarget.OfSetting("PointCarryoverBatch", batchId, "以前の台帳のポイント"),
                $"{cancelled.Count}件（{cancelled.Select(e => e.PersonId).Distinct().Count()}人）、{cancelled.Sum(e => e.Points):N0}ポイント　理由: {reason!.Trim()}");
            await AfterChange(cancelled.Select(e => (e.PersonId, e.FiscalYear)).ToList(), ct);
            return new CarryoverChange.Saved(cancelled.Count);
        }, keep: outcome => outcome is CarryoverChange.Saved, cancellationToken);
    }

    private static SettingProblem? ReasonProblem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? new("Reason", PointCarryover.Messages.CancelReasonMissing)
        : reason.Trim().Length > PointCarryover.NoteMaxLength ? new("Reason", PointCarryover.Messages.NoteTooLong)
        : null;

    /// <summary>The helpers' years the entries were or are in, derived again in this unit (they count toward the caps).</summary>
    private async Task AfterChange(IReadOnlyCollection<(int PersonId, int FiscalYear)> years, CancellationToken cancellationToken)
    {
        foreach (var (personId, year) in years.Distinct())
            await points.RederiveAsync(personId, year, cancellationToken);
    }

    private Task<CarryoverChange> ChangeAsync(int id, IReadOnlyCollection<int> staffAreas, Func<PointCarryover, string, CancellationToken, Task<CarryoverChange>> change,
        CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(async ct =>
        {
            var entry = await db.PointCarryovers.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (entry is null) return new CarryoverChange.NotFound();
            if (!await PersonReach.ReachesAsync(db, entry.PersonId, staffAreas, ct)) return new CarryoverChange.OutOfScope();
            var name = await db.People.Where(p => p.Id == entry.PersonId).Select(Person.FullNameInQuery).FirstOrDefaultAsync(ct) ?? "";
            return await change(entry, name, ct);
        }, keep: outcome => outcome is CarryoverChange.Saved, cancellationToken);

    private static string Describe(PointCarryover c) =>
        $"{c.Date:yyyy-MM-dd} {c.Points}ポイント{(c.KindId is null ? " 種類不明" : "")}{(c.Note == "" ? "" : " " + c.Note)}";

    private void Record(Actor actor, AuditAction action, PointCarryover entry, string personName, string details) =>
        audit.Record(actor, action, new AuditTarget("PointCarryover", entry.Id.ToString(CultureInfo.InvariantCulture), $"{personName}（以前の台帳から）", entry.PersonId), details);
}

using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Training.Attendance;
using Training.Audit;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>What became of a points rule typed by an administrator.</summary>
public abstract record PointRuleChange
{
    /// <summary>Saved; <paramref name="Rederiving"/>: the fiscal year it starts in is being derived again.</summary>
    public sealed record Saved(int FromFiscalYear, bool Rederiving) : PointRuleChange;
    public sealed record Invalid(IReadOnlyList<SettingProblem> Problems) : PointRuleChange;
    /// <summary>No cap at all: asked again, with the box that says so.</summary>
    public sealed record NeedsConfirmation : PointRuleChange;
    public sealed record NotFound : PointRuleChange;
}

/// <summary>
/// A helper's points of one fiscal year: awarded for records here (after caps), before caps, how many counted records,
/// and the points brought in from earlier ledgers (<see cref="PointCarryover"/>); <see cref="Total"/> is the balance.
/// </summary>
public sealed record PointBalance(int FiscalYear, int Points, int PointsBeforeCap, int Records, int Carried = 0)
{
    public int Total => Points + Carried;
}

/// <summary>
/// Volunteer points (ボランティアポイント), optional per city: the administrator's switch and rules, and the derived awards.
/// Awards are never typed: <see cref="RederiveAsync"/> derives one helper's fiscal year again inside the caller's unit
/// of work (the records service calls it after confirming, correcting or cancelling a record — for both years when a
/// correction moves a record across fiscal years); a rule change marks its fiscal year and derives the whole year
/// after it commits (<see cref="PointsYearJob"/>), set-based in one ordered pass; the hourly sweep derives any year
/// still marked (a crash half-way, a failed job) and records why it failed on the mark, shown on the points page.
/// </summary>
public class Points(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock, ILogger<Points> logger)
{
    /// <summary>
    /// How many awards written at once go in bulk, without the awards' secondary indexes (made again after): a
    /// derivation's own setting, so that a test can take the bulk path with a few hundred records.
    /// </summary>
    internal int BulkFrom { get; set; } = PointAwardStore.BulkFrom;

    /// <summary>Whether the city runs points. Off: no points page or figure anywhere but the administrator's switch.</summary>
    public Task<bool> EnabledAsync(CancellationToken cancellationToken = default) => db.PointSchemes.AnyAsync(s => s.Enabled, cancellationToken);

    /// <summary>The fiscal years a rule may start in: this one (derived again at once) and the next (from next April).</summary>
    public IReadOnlyList<int> RuleYears => [clock.CurrentFiscalYear, clock.CurrentFiscalYear + 1];

    /// <summary>Turns points on or off (audited). Turning them on derives this fiscal year. False: it already was so.</summary>
    public Task<bool> SetEnabledAsync(bool enabled, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var scheme = await db.PointSchemes.FirstOrDefaultAsync(ct);
            if (scheme is null) db.PointSchemes.Add(scheme = PointScheme.Create());
            if (!scheme.Set(enabled, clock.UtcNow)) return false;
            audit.Record(actor, enabled ? AuditAction.PointsOn : AuditAction.PointsOff, AuditTarget.OfSetting("PointScheme", "1", "ボランティアポイント"));
            if (enabled) await MarkAsync(clock.CurrentFiscalYear, ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Saves the rule of a kind from a fiscal year (this one or the next), audited with before and after. A rule with no
    /// cap at all is saved only when <paramref name="noCapConfirmed"/>. A rule for this fiscal year derives the year again.
    /// </summary>
    public async Task<PointRuleChange> SaveRuleAsync(PointRuleInput input, bool noCapConfirmed, Actor actor, CancellationToken cancellationToken = default)
    {
        var problems = PointRule.Problems(input).ToList();
        if (!RuleYears.Contains(input.FromFiscalYear)) problems.Add(new(nameof(input.FromFiscalYear), PointRule.Messages.YearInvalid));
        if (input.RequiredProgramId is > 0 && !await db.Programs.AnyAsync(p => p.Id == input.RequiredProgramId, cancellationToken))
            problems.Add(new(nameof(input.RequiredProgramId), PointRule.Messages.ProgramUnknown));
        if (problems.Count > 0) return new PointRuleChange.Invalid(problems);
        if (!input.HasCap && !noCapConfirmed) return new PointRuleChange.NeedsConfirmation();
        return await unitOfWork.RunAsync<PointRuleChange>(async ct =>
        {
            var kind = await db.ActivityKinds.FirstOrDefaultAsync(k => k.Id == input.KindId, ct);
            if (kind is null) return new PointRuleChange.NotFound();
            var rule = await db.PointRules.FirstOrDefaultAsync(r => r.KindId == kind.Id && r.FromFiscalYear == input.FromFiscalYear, ct);
            var before = rule?.Summary() ?? "なし";
            if (rule is null) db.PointRules.Add(rule = PointRule.Create(input, clock.UtcNow));
            else rule.Change(input, clock.UtcNow);
            var eligibility = string.Join("、", new[]
            {
                rule.MinimumAge is { } age ? $"{age}歳以上" : null,
                rule.RequiredProgramId is { } program ? $"研修{program}の修了" : null,
            }.OfType<string>());
            audit.Record(actor, AuditAction.PointRuleSave, AuditTarget.OfSetting("ActivityKind", kind.Id.ToString(CultureInfo.InvariantCulture), kind.Name),
                $"{JapaneseDates.FiscalYear(input.FromFiscalYear)}から：{before} → {rule.Summary()}" + (eligibility.Length > 0 ? $"（対象：{eligibility}）" : ""));
            var rederive = input.FromFiscalYear <= clock.CurrentFiscalYear && await EnabledAsync(ct);
            if (rederive) await MarkAsync(input.FromFiscalYear, ct);
            return new PointRuleChange.Saved(input.FromFiscalYear, rederive);
        }, cancellationToken);
    }

    /// <summary>
    /// Derives one helper's awards of a fiscal year again from their counted records, joining the caller's unit of work
    /// (or running in one of its own). Does nothing while points are off. Returns the number of awards added, changed or removed.
    /// </summary>
    public Task<int> RederiveAsync(int personId, int fiscalYear, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct => await EnabledAsync(ct) ? await DeriveAsync(fiscalYear, personId, ct) : 0, cancellationToken);

    /// <summary>
    /// Derives every helper's awards of a fiscal year again in one ordered pass and clears the year's mark, in one unit.
    /// On failure the mark stays, with the reason, for the sweep and for staff to see. Safe to run twice.
    /// </summary>
    public async Task<int> RederiveYearAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var written = await EnabledAsync(ct) ? await PointAwardStore.WithLargeCacheAsync(db, () => DeriveAsync(fiscalYear, null, ct), ct) : 0;
                await db.PointYearMarks.Where(m => m.FiscalYear == fiscalYear).ExecuteDeleteAsync(ct);
                return written;
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Points of fiscal year {FiscalYear} could not be derived", fiscalYear);
            await unitOfWork.RunAsync(async ct =>
            {
                var mark = await db.PointYearMarks.FirstOrDefaultAsync(m => m.FiscalYear == fiscalYear, ct);
                if (mark is null) db.PointYearMarks.Add(mark = PointYearMark.For(fiscalYear, clock.UtcNow));
                mark.Failed(e.Message, clock.UtcNow);
            }, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The sweep: derives every fiscal year still marked (a job lost or a process killed half-way). Each year on its own.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var years = await db.PointYearMarks.AsNoTracking().OrderBy(m => m.FiscalYear).Select(m => m.FiscalYear).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var year in years)
        {
            try
            {
                await RederiveYearAsync(year, cancellationToken);
                done++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Recorded on the mark by RederiveYearAsync; the next year is still tried.
            }
        }
        return done;
    }

    /// <summary>A helper's balance per fiscal year, newest first (this year always listed), with what was brought in from earlier ledgers.</summary>
    public async Task<IReadOnlyList<PointBalance>> BalancesAsync(int personId, CancellationToken cancellationToken = default)
    {
        var awarded = await db.PointAwards.AsNoTracking().Where(a => a.PersonId == personId)
            .GroupBy(a => a.FiscalYear)
            .Select(g => new PointBalance(g.Key, g.Sum(a => a.Points), g.Sum(a => a.PointsBeforeCap), g.Count(), 0))
            .ToListAsync(cancellationToken);
        var carried = await db.PointCarryovers.AsNoTracking().Where(PointCarryover.Counted).Where(c => c.PersonId == personId)
            .GroupBy(c => c.FiscalYear).Select(g => new { FiscalYear = g.Key, Points = g.Sum(c => c.Points) }).ToDictionaryAsync(c => c.FiscalYear, c => c.Points, cancellationToken);
        var years = awarded.ToDictionary(y => y.FiscalYear);
        foreach (var year in carried.Keys.Append(clock.CurrentFiscalYear)) years.TryAdd(year, new PointBalance(year, 0, 0, 0));
        return years.Values.Select(y => y with { Carried = carried.GetValueOrDefault(y.FiscalYear) }).OrderByDescending(y => y.FiscalYear).ToList();
    }

    private async Task MarkAsync(int fiscalYear, CancellationToken cancellationToken)
    {
        var mark = await db.PointYearMarks.FirstOrDefaultAsync(m => m.FiscalYear == fiscalYear, cancellationToken);
        if (mark is null) db.PointYearMarks.Add(PointYearMark.For(fiscalYear, clock.UtcNow));
        else mark.Again(clock.UtcNow);
        unitOfWork.Enqueue<PointsYearJob>(job => job.RunAsync(fiscalYear, CancellationToken.None));
    }

    /// <summary>
    /// The derivation: the year's rules, the first completion of each designated program, each counted record with the
    /// award row already written for it (Data/PointAwardStore), in person, date, start order, the ledger over them, each
    /// award compared with its row, and only the differences written — with the awards of records that no longer count
    /// there deleted. Returns the number of awards added, changed or removed.
    /// </summary>
    private async Task<int> DeriveAsync(int fiscalYear, int? personId, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // The caller's unit may hold the change that asked for this (a record just corrected): written first, inside
        // the unit's transaction, so the derivation reads it.
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        var (from, until) = PointLedger.FiscalYear(fiscalYear, clock.FiscalYearStartMonth);
        var rules = PointLedger.RulesFor(fiscalYear, await db.PointRules.AsNoTracking().ToListAsync(ct));
        var programs = rules.Values.Select(r => r.RequiredProgramId).OfType<int>().Distinct().ToList();
        var completions = new Dictionary<(int Person, int Program), DateTime>();
        if (programs.Count > 0)
        {
            var completed = db.Completions.AsNoTracking().Where(c => c.Status != CompletionStatus.Withdrawn && programs.Contains(c.Course!.ProgramId));
            if (personId is not null) completed = completed.Where(c => c.PersonId == personId);
            foreach (var c in await completed.GroupBy(c => new { c.PersonId, c.Course!.ProgramId })
                         .Select(g => new { g.Key.PersonId, g.Key.ProgramId, First = g.Min(c => c.CompletedAt) }).ToListAsync(ct))
                completions[(c.PersonId, c.ProgramId)] = c.First;
        }

        // Each counted record with the award row already written for it, and the awards left over (Data/PointAwardStore).
        var (rows, removed) = await PointAwardStore.ReadAsync(db, fiscalYear, from, until, personId, ct);
        // Ordered here rather than by the database: the same order on both providers, and cheaper than a sort there.
        rows.Sort(static (a, b) =>
        {
            var c = a.Item.PersonId.CompareTo(b.Item.PersonId);
            if (c == 0) c = a.Item.Date.CompareTo(b.Item.Date);
            if (c == 0) c = a.Item.StartTime.CompareTo(b.Item.StartTime);
            return c != 0 ? c : a.Item.RecordId.CompareTo(b.Item.RecordId);
        });
        var carried = await CarriedAsync(fiscalYear, personId, ct);
        var read = watch.Elapsed;

        // Only the differences are written: a rule change of one kind touches that kind's awards (caps are per kind),
        // and a derivation that finds nothing changed writes nothing. The ledger gives one award per record, in order.
        var (added, changed) = (new List<PointAward>(), new List<PointAward>());
        var row = 0;
        foreach (var award in PointLedger.Derive(rows.Select(r => r.Item), fiscalYear, rules, (person, program) => completions.TryGetValue((person, program), out var at) ? at : null, carried))
        {
            var written = rows[row++].Written;
            if (written.Key == WrittenKey.None) added.Add(award);
            else if (!written.Holds(award)) changed.Add(award);
        }
        var derived = watch.Elapsed;
        var count = await PointAwardStore.WriteChangesAsync(db, added, changed, removed, BulkFrom, ct);
        if (personId is null)
            logger.LogInformation("Points of fiscal year {FiscalYear}: {Records} records and their awards read in {Read} ms, derived and compared in {Derived} ms, {Added} added, {Changed} changed and {Removed} removed in {Written} ms",
                fiscalYear, rows.Count, (int)read.TotalMilliseconds, (int)(derived - read).TotalMilliseconds, added.Count, changed.Count, removed.Count, (int)(watch.Elapsed - derived).TotalMilliseconds);
        return count;
    }

    /// <summary>
    /// The year's points brought in from earlier ledgers with a known kind (of one helper or all), per helper, kind and
    /// day, in one query: what they already used of the caps, handed to the ledger. Entries of no kind count in the balance only.
    /// </summary>
    private async Task<List<CarriedPoints>> CarriedAsync(int fiscalYear, int? personId, CancellationToken ct)
    {
        var carried = db.PointCarryovers.AsNoTracking().Where(PointCarryover.Counted).Where(c => c.FiscalYear == fiscalYear && c.KindId != null);
        if (personId is not null) carried = carried.Where(c => c.PersonId == personId);
        return (await carried.GroupBy(c => new { c.PersonId, c.KindId, c.Date })
                .Select(g => new { g.Key.PersonId, g.Key.KindId, g.Key.Date, Points = g.Sum(c => c.Points) }).ToListAsync(ct))
            .Select(c => new CarriedPoints(c.PersonId, c.KindId!.Value, c.Date, c.Points)).ToList();
    }
}

/// <summary>Derives a fiscal year's points again after a rule changed or points were turned on. Idempotent.</summary>
public class PointsYearJob(Points points)
{
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Derive volunteer points of fiscal year {0}")]
    public Task RunAsync(int fiscalYear, CancellationToken cancellationToken) => points.RederiveYearAsync(fiscalYear, cancellationToken);
}

/// <summary>Hourly: derives any fiscal year still marked (a lost job, a process killed half-way).</summary>
public class PointsSweepJob(Points points)
{
    public const string RecurringId = "points-sweep";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Derive volunteer points still marked")]
    public Task RunAsync(CancellationToken cancellationToken) => points.SweepAsync(cancellationToken);
}

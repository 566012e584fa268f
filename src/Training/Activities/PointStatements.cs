using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// One line of a statement: a counted record (the activity, when, how long or how many visits, the points and what a cap
/// or a rule cut), or — <paramref name="Carried"/> — points brought in from an earlier ledger (no activity; the kind, or
/// an empty kind when the ledger did not say; never cut).
/// </summary>
public sealed record PointStatementLine(DateOnly Date, TimeOnly StartTime, string Activity, string Kind, int Minutes, int Visits, int PointsBeforeCap, int Points, PointCut Cut,
    bool Carried = false);

/// <summary>A helper's yearly statement of points (ポイント明細書): the name exactly as written, every counted record, the totals and the issuer.</summary>
public sealed record PointStatement(int PersonId, string Name, string Kana, int FiscalYear, DateOnly From, DateOnly To, IReadOnlyList<PointStatementLine> Lines,
    string Issuer, string? IssuerPhone, DateOnly IssuedOn)
{
    public int Points => Lines.Sum(l => l.Points);
    public int PointsBeforeCap => Lines.Sum(l => l.PointsBeforeCap);
    public int CutByCaps => Lines.Where(l => l.Cut is PointCut.Day or PointCut.Month or PointCut.Year).Sum(l => l.PointsBeforeCap - l.Points);
    /// <summary>Counted records (lines brought in from earlier ledgers are not records).</summary>
    public int Records => Lines.Count(l => !l.Carried);
    public int Carried => Lines.Where(l => l.Carried).Sum(l => l.Points);
}

/// <summary>The yearly statement per helper and fiscal year: read from the derived awards, rendered as A4 PDF, its printing audited.</summary>
public class PointStatements(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock, PointStatementPdf pdf, Microsoft.Extensions.Options.IOptions<Configuration.SiteOptions> site)
{
    /// <summary>The statement's content; null when there is no such person or they were anonymised.</summary>
    public async Task<PointStatement?> ReadAsync(int personId, int fiscalYear, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId && p.AnonymisedAt == null).FirstOrDefaultAsync(cancellationToken);
        if (person is null) return null;
        var (from, until) = PointLedger.FiscalYear(fiscalYear, clock.FiscalYearStartMonth);
        var rows = await db.PointAwards.AsNoTracking().Where(a => a.PersonId == personId && a.FiscalYear == fiscalYear)
            .Join(db.ActivityRecords, a => a.RecordId, r => r.Id, (a, r) => new { a, r.StartTime, r.Minutes, r.Visits, Activity = r.LocalActivity!.Name, r.LocalActivityId })
            .Join(db.ActivityKinds, x => x.a.KindId, k => k.Id, (x, k) => new PointStatementLine(x.a.Date, x.StartTime, x.Activity, k.Name, x.Minutes, x.Visits, x.a.PointsBeforeCap, x.a.Points, x.a.Cut))
            .ToListAsync(cancellationToken);
        // Points brought in from earlier ledgers count in the year's total, each on a line of its own.
        rows.AddRange((await db.PointCarryovers.AsNoTracking().Where(PointCarryover.Counted).Where(c => c.PersonId == personId && c.FiscalYear == fiscalYear)
                .Select(c => new { c.Date, c.Points, Kind = db.ActivityKinds.Where(k => k.Id == c.KindId).Select(k => k.Name).FirstOrDefault() }).ToListAsync(cancellationToken))
            .Select(c => new PointStatementLine(c.Date, TimeOnly.MinValue, "", c.Kind ?? "", 0, 0, c.Points, c.Points, PointCut.None, Carried: true)));
        var city = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.City).OrderBy(o => o.Id)
            .Select(o => new { o.Name, o.Phone }).FirstOrDefaultAsync(cancellationToken);
        return new PointStatement(person.Id, person.FullName, person.FullNameKana, fiscalYear, from, until.AddDays(-1),
            rows.OrderBy(l => l.Date).ThenBy(l => !l.Carried).ThenBy(l => l.StartTime).ToList(), city?.Name ?? site.Value.Municipality, city?.Phone, clock.Today);
    }

    /// <summary>
    /// The statement as a PDF in Japanese or English, and the printing recorded in the audit log (who, whose, which
    /// year) — by staff, or by the resident from their own page (<paramref name="actor"/> names them). Null: no such person.
    /// </summary>
    public async Task<byte[]?> PdfAsync(int personId, int fiscalYear, string language, Actor actor, CancellationToken cancellationToken = default)
    {
        var statement = await ReadAsync(personId, fiscalYear, cancellationToken);
        if (statement is null) return null;
        var bytes = pdf.Render(statement, language);
        await unitOfWork.RunAsync(_ =>
        {
            audit.Record(actor, AuditAction.PrintPointStatement, AuditTarget.OfPerson(personId, statement.Name),
                $"{JapaneseDates.FiscalYear(fiscalYear)}、{statement.Records}件、{statement.Points}ポイント" + (statement.Carried > 0 ? $"（うち以前の台帳から{statement.Carried}）" : ""));
            return Task.CompletedTask;
        }, cancellationToken);
        return bytes;
    }
}

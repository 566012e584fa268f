using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Data;
using Training.Text;
using Training.Time;

namespace Training.Certificates;

public enum IssueOutcome { Issued, AlreadyIssued, NotCompleted, NoCertificateForProgram, MissingGlyphs }

public sealed record IssueResult(IssueOutcome Outcome, Certificate? Certificate = null, IReadOnlyList<string>? MissingCharacters = null);

/// <summary>
/// Issues the certificate for a completion, once. The serial (令和8年度 第12号) is taken from a per-program, per-fiscal-year
/// counter in the same transaction as the ledger row, so serials are unique and have no gaps; the PDF is stored as
/// issued with its SHA-256. Nobody without a completion gets a certificate.
/// </summary>
public class CertificateIssuer(TrainingDbContext db, DatabaseWriteGate gate, CertificateRenderer renderer, CertificateStore store,
    SiteClock clock, IOptions<SiteOptions> site)
{
    public async Task<IssueResult> IssueAsync(int completionId, CancellationToken cancellationToken = default)
    {
        using var writer = await gate.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.CompletionId == completionId, cancellationToken);
        if (existing is not null) return new(IssueOutcome.AlreadyIssued, existing);

        var completion = await db.Completions.AsNoTracking()
            .Include(c => c.Person).Include(c => c.Course!).ThenInclude(c => c.Program)
            .Include(c => c.Course!).ThenInclude(c => c.Organisation)
            .FirstOrDefaultAsync(c => c.Id == completionId, cancellationToken);
        if (completion is not { Status: CompletionStatus.Completed }) return new(IssueOutcome.NotCompleted);
        var program = completion.Course!.Program!;
        if (!program.IssuesCertificate) return new(IssueOutcome.NoCertificateForProgram);

        var today = clock.Today;
        var fiscalYear = clock.FiscalYearOf(today);
        var counter = await db.CertificateSerialCounters.FirstOrDefaultAsync(c => c.ProgramId == program.Id && c.FiscalYear == fiscalYear, cancellationToken);
        if (counter is null) db.CertificateSerialCounters.Add(counter = new CertificateSerialCounter { ProgramId = program.Id, FiscalYear = fiscalYear });
        counter.LastSerial++;

        var code = Tokens.ShortCode(10);
        while (await db.Certificates.AnyAsync(c => c.VerificationCode == code, cancellationToken)) code = Tokens.ShortCode(10);
        var serialLabel = $"{JapaneseDates.FiscalYear(fiscalYear)} 第{counter.LastSerial}号";
        var organisation = completion.Course.Organisation!;
        var name = completion.Person!.FullName;
        byte[] pdf;
        try
        {
            pdf = renderer.Render(new CertificateContent(name, program.Name, completion.Course.Title, organisation.Name, serialLabel,
                JapaneseDates.LongWareki(today), organisation.IssuerTitle, organisation.IssuerName, code,
                $"{site.Value.PublicBaseUrl.TrimEnd('/')}/verify/{code}"));
        }
        catch (MissingGlyphException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new(IssueOutcome.MissingGlyphs, MissingCharacters: ex.Characters);
        }
        var (path, sha256) = store.Write(fiscalYear, code, pdf);
        var certificate = new Certificate
        {
            CompletionId = completionId, PersonId = completion.PersonId, ProgramId = program.Id, FiscalYear = fiscalYear,
            SerialNumber = counter.LastSerial, SerialLabel = serialLabel, VerificationCode = code, NameAsPrinted = name,
            IssuedAt = clock.UtcNow, PdfPath = path, PdfSha256 = sha256,
        };
        db.Certificates.Add(certificate);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(IssueOutcome.Issued, certificate);
    }

    /// <summary>The sweep: issues every certificate a completion is owed but does not have yet.</summary>
    public async Task<int> IssueMissingAsync(CancellationToken cancellationToken = default)
    {
        var owed = await db.Completions.AsNoTracking()
            .Where(c => c.Status == CompletionStatus.Completed && c.Course!.Program!.Kind == Courses.ProgramKind.CertificateProgram)
            .Where(c => !db.Certificates.Any(x => x.CompletionId == c.Id))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        var issued = 0;
        foreach (var id in owed)
            if ((await IssueAsync(id, cancellationToken)).Outcome == IssueOutcome.Issued) issued++;
        return issued;
    }
}

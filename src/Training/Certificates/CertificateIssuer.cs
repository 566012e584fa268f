using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Data;
using Training.Text;
using Training.Time;

namespace Training.Certificates;

public enum IssueOutcome { Issued, AlreadyIssued, NotCompleted, NoCertificateForProgram, MissingGlyphs, LayoutProblem, StillBlocked, NotYet, DateBeforeCompletion, DateInFuture }

/// <summary>A certificate staff issue by hand: dated as they choose (never before the completion), with their reason.</summary>
public sealed record ManualIssue(DateOnly Date, string Reason, People.Actor Actor);

public sealed record IssueResult(IssueOutcome Outcome, Certificate? Certificate = null, IReadOnlyList<string>? MissingCharacters = null,
    string? Problem = null, string? ProblemKey = null);

/// <summary>
/// Issues the certificate for a completion, once. The serial (令和8年度 第12号) is taken from a per-program, per-fiscal-year
/// counter in the same transaction as the ledger row, so serials are unique and have no gaps; the PDF is stored as
/// issued with its SHA-256. Nobody without a completion gets a certificate.
/// </summary>
public class CertificateIssuer(TrainingDbContext db, UnitOfWork unitOfWork, CertificateRenderer renderer, CertificateStore store,
    Notifications.EmailOutbox outbox, SiteClock clock, SiteLinks links, IOptions<CertificateOptions> options, IOptions<AttendanceOptions> attendance,
    ILogger<CertificateIssuer> logger, Training.Audit.AuditLog audit)
{
    /// <remarks>A name the fonts cannot print takes back the serial it had counted: nothing is issued, no number skipped.</remarks>
    /// <remarks>Issued on its own only when the program says it is due (<see cref="Courses.TrainingProgram.CertificateDue"/>);
    /// by hand, whenever staff decide, dated as they choose.</remarks>
    public Task<IssueResult> IssueAsync(int completionId, CancellationToken cancellationToken = default) => IssueAsync(completionId, null, cancellationToken);

    /// <remarks>A certificate that cannot be made is not a silent success: why is recorded on the completion (shown on the
    /// person's page, the ledger and the dashboard) and it is not tried again until the name, the fonts or the layout change.</remarks>
    public async Task<IssueResult> IssueAsync(int completionId, ManualIssue? manual, CancellationToken cancellationToken = default)
    {
        var result = await unitOfWork.RunAsync(ct => IssueInUnitAsync(completionId, manual, ct),
            result => result.Outcome == IssueOutcome.Issued || result.Outcome == IssueOutcome.AlreadyIssued, cancellationToken);
        if (result.Outcome is IssueOutcome.MissingGlyphs or IssueOutcome.LayoutProblem)
        {
            logger.LogWarning("Certificate for completion {CompletionId} cannot be made: {Problem}", completionId, result.Problem);
            await unitOfWork.RunAsync(async ct =>
            {
                var completion = await db.Completions.FirstAsync(c => c.Id == completionId, ct);
                completion.BlockCertificate(result.Outcome == IssueOutcome.MissingGlyphs ? CertificateProblem.MissingGlyphs : CertificateProblem.Layout,
                    result.Problem ?? "", result.ProblemKey ?? "", clock.UtcNow);
            }, cancellationToken);
        }
        return result;
    }

    private async Task<IssueResult> IssueInUnitAsync(int completionId, ManualIssue? manual, CancellationToken cancellationToken)
    {
        var existing = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.CompletionId == completionId, cancellationToken);
        if (existing is not null) return new(IssueOutcome.AlreadyIssued, existing);

        var completion = await db.Completions.AsNoTracking()
            .Include(c => c.Person).Include(c => c.Course!).ThenInclude(c => c.Program)
            .Include(c => c.Course!).ThenInclude(c => c.Organisation!).ThenInclude(o => o.Issuers)
            // One row by id; ordered only so a query that loads a collection is not a "First without OrderBy" (EF 10103).
            .Where(c => c.Id == completionId).OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (completion is not { Status: CompletionStatus.Completed }) return new(IssueOutcome.NotCompleted);
        var program = completion.Course!.Program!;
        if (!program.IssuesCertificate) return new(IssueOutcome.NoCertificateForProgram);
        var completedOn = DateOnly.FromDateTime(clock.ToLocal(completion.CompletedAt));
        if (manual is not null)
        {
            if (manual.Date < completedOn) return new(IssueOutcome.DateBeforeCompletion);
            if (manual.Date > clock.Today) return new(IssueOutcome.DateInFuture);
        }
        else
        {
            var sessions = await db.Sessions.AsNoTracking().Where(x => x.CourseId == completion.CourseId).ToListAsync(cancellationToken);
            var run = Courses.Course.OfSessions(sessions);
            // Never before its time: not while a session that could have completed it is still under way (the nightly
            // sweep issues it after), and, by default, not before the last session's end.
            if (!program.CertificateDue(run.IsOverAt(clock.UtcNow, program.PlannedSessionCount))
                || run.HasSessionUnderwayAt(clock.UtcNow, attendance.Value.MarksOpenBefore)) return new(IssueOutcome.NotYet);
            // The hold: a wrong mark on the last session held can still be undone, with nothing sent, until it ends.
            if (clock.UtcNow < options.Value.HoldEndsAt(DueFrom(run, completion.CompletedAt), clock)) return new(IssueOutcome.NotYet);
        }
        var key = $"{completion.Person!.FullName}|{renderer.Fingerprint()}";
        // Nothing it depends on has changed since it failed: the same attempt would fail the same way.
        if (manual is null && completion.CertificateStillBlocked(key)) return new(IssueOutcome.StillBlocked);
        // Serials are counted per program: other nodes issuing for this program wait here, then see our certificate.
        await db.LockAsync(LockScope.CertificateSerials, program.Id, cancellationToken);
        existing = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.CompletionId == completionId, cancellationToken);
        if (existing is not null) return new(IssueOutcome.AlreadyIssued, existing);

        var today = manual?.Date ?? clock.Today;
        var fiscalYear = clock.FiscalYearOf(today);
        var counter = await db.CertificateSerialCounters.FirstOrDefaultAsync(c => c.ProgramId == program.Id && c.FiscalYear == fiscalYear, cancellationToken);
        if (counter is null) db.CertificateSerialCounters.Add(counter = new CertificateSerialCounter { ProgramId = program.Id, FiscalYear = fiscalYear });
        counter.LastSerial++;

        var code = Tokens.ShortCode(10);
        while (await db.Certificates.AnyAsync(c => c.VerificationCode == code, cancellationToken)) code = Tokens.ShortCode(10);
        var serialLabel = $"{JapaneseDates.FiscalYear(fiscalYear)} 第{counter.LastSerial}号";
        var organisation = completion.Course.Organisation!;
        var (issuerTitle, issuerName) = organisation.IssuerOn(today);
        var name = completion.Person!.FullName;
        byte[] pdf;
        try
        {
            pdf = renderer.Render(new CertificateContent(name, program.Name, completion.Course.Title, organisation.Name, serialLabel,
                PrintedDate(today), issuerTitle, issuerName, code,
                links.Absolute(SiteLinks.Verify(code)), program.CertificateTitle, program.CertificateAchievementFor(completion.IsException)));
        }
        catch (MissingGlyphException ex)
        {
            return new(IssueOutcome.MissingGlyphs, MissingCharacters: ex.Characters, Problem: string.Join(" ", ex.Characters), ProblemKey: key);
        }
        catch (InvalidDataException ex)
        {
            // A layout file or its image that cannot be read: the office's to fix, named in the message.
            return new(IssueOutcome.LayoutProblem, Problem: ex.Message, ProblemKey: key);
        }
        var (path, sha256) = store.Write(fiscalYear, code, pdf);
        var certificate = Certificate.Issue(completionId, completion.PersonId, program.Id, new CertificateSerial(fiscalYear, counter.LastSerial, serialLabel), code, name,
            (issuerTitle, issuerName), new StoredPdf(path, sha256),
            issuedAt: manual is null || manual.Date == clock.Today ? clock.UtcNow : clock.StartOfDayUtc(manual.Date));
        db.Certificates.Add(certificate);
        if (completion.CertificateProblem is not null)
            (await db.Completions.FirstAsync(c => c.Id == completionId, cancellationToken)).ClearCertificateProblem();
        await db.SaveChangesAsync(cancellationToken);
        // Automatic issues are the product's own doing, recorded as the system's.
        if (manual is not null) Audit(certificate, completion.Person!, completion.CourseId, Training.Audit.AuditAction.IssueManual, manual.Actor, $"{PrintedDate(today)}: {manual.Reason}");
        else Audit(certificate, completion.Person!, completion.CourseId, Training.Audit.AuditAction.IssueAuto, People.Actor.System, "");
        await SendAsync(certificate, completion.Person, program.Name, pdf, Notifications.EmailOffice.Of(organisation), cancellationToken);
        return new(IssueOutcome.Issued, certificate);
    }

    /// <summary>The instant a certificate's hold counts from: the end of the last session held so far, or the completion.</summary>
    private DateTime DueFrom(Courses.Course run, DateTime completedAt)
    {
        var now = clock.UtcNow;
        var lastEnded = run.Sessions.Where(s => s.Status != Courses.SessionStatus.Cancelled && s.EndsAt <= now)
            .Select(s => (DateTime?)s.EndsAt).Max();
        return lastEnded is { } ended && ended > completedAt ? ended : completedAt;
    }

    /// <summary>
    /// When an automatic certificate for this completion will go out (local time), for pages to say so; null when it
    /// is not waiting for its hold (issued, not owed, or waiting for the run to end).
    /// </summary>
    public async Task<DateTime?> HeldUntilAsync(int completionId, CancellationToken cancellationToken = default)
    {
        var completion = await db.Completions.AsNoTracking().Include(c => c.Course!).ThenInclude(c => c.Program)
            .FirstOrDefaultAsync(c => c.Id == completionId, cancellationToken);
        if (completion is not { Status: CompletionStatus.Completed } || !completion.Course!.Program!.IssuesCertificate
            || await db.Certificates.AnyAsync(c => c.CompletionId == completionId, cancellationToken)) return null;
        var sessions = await db.Sessions.AsNoTracking().Where(x => x.CourseId == completion.CourseId).ToListAsync(cancellationToken);
        var run = Courses.Course.OfSessions(sessions);
        if (!completion.Course.Program.CertificateDue(run.IsOverAt(clock.UtcNow, completion.Course.Program.PlannedSessionCount))) return null;
        var until = options.Value.HoldEndsAt(DueFrom(run, completion.CompletedAt), clock);
        return until > clock.UtcNow ? clock.ToLocal(until) : null;
    }

    /// <summary>
    /// Reissues (再交付) a certificate: the same serial and code, the name as it is now, a new PDF kept beside the old
    /// one, and the reason and date recorded.
    /// </summary>
    /// <param name="auditAction">How the one audit row names it: a reissue decided in a review is recorded as that review (a plain reissue when none).</param>
    public Task<Certificate?> ReissueAsync(int certificateId, string reason, string? staffId, string staffName, CancellationToken cancellationToken = default,
        Training.Audit.AuditAction? auditAction = null) =>
        unitOfWork.RunAsync(ct => ReissueInUnitAsync(certificateId, reason, staffId, staffName, auditAction ?? Training.Audit.AuditAction.Reissue, ct), cancellationToken);

    private async Task<Certificate?> ReissueInUnitAsync(int certificateId, string reason, string? staffId, string staffName, Training.Audit.AuditAction auditAction, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates.Include(c => c.Person).Include(c => c.Program)
            .Include(c => c.Completion!).ThenInclude(c => c.Course!).ThenInclude(c => c.Organisation!).ThenInclude(o => o.Issuers)
            .Where(c => c.Id == certificateId).OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (certificate is null || certificate.IsRevoked) return null;
        var course = certificate.Completion!.Course!;
        var organisation = course.Organisation!;
        var name = certificate.Person!.FullName;
        var issuedOn = DateOnly.FromDateTime(clock.ToLocal(certificate.IssuedAt));
        // A reissue names the issuer of the original, whoever holds the office now.
        var (issuerTitle, issuerName) = certificate.IssuerTitle is { } title ? (title, certificate.IssuerName ?? "") : organisation.IssuerOn(issuedOn);
        var pdf = renderer.Render(new CertificateContent(name, certificate.Program!.Name, course.Title, organisation.Name,
            $"{certificate.SerialLabel}（再交付）", PrintedDate(issuedOn),
            issuerTitle, issuerName, certificate.VerificationCode,
            links.Absolute(SiteLinks.Verify(certificate.VerificationCode)), certificate.Program.CertificateTitle,
            certificate.Program.CertificateAchievementFor(certificate.Completion.IsException)));
        var (path, sha256) = store.Write(certificate.FiscalYear, $"{certificate.VerificationCode}-r{certificate.NextReissueNumber}", pdf);
        certificate.Reissue(name, new StoredPdf(path, sha256), reason, clock.UtcNow);
        Audit(certificate, certificate.Person!, course.Id, auditAction, new People.Actor(staffId, staffName), reason);
        await db.SaveChangesAsync(cancellationToken);
        return certificate;
    }

    /// <summary>
    /// Revokes a certificate with a reason; /verify shows it as revoked from then on, and the holder is told — by email,
    /// or by a coordinator's call — with the reason and the number of the office that issued it.
    /// </summary>
    /// <param name="auditAction">How the one audit row names it: a revocation decided in a review is recorded as that review (a plain revocation when none).</param>
    public Task<bool> RevokeAsync(int certificateId, string reason, string? staffId, string staffName, CancellationToken cancellationToken = default,
        Training.Audit.AuditAction? auditAction = null) =>
        unitOfWork.RunAsync(async ct =>
        {
            var certificate = await db.Certificates.Include(c => c.Person).Include(c => c.Program)
                .Include(c => c.Completion!).ThenInclude(c => c.Course!).ThenInclude(c => c.Organisation)
                .FirstOrDefaultAsync(c => c.Id == certificateId, ct);
            if (certificate is null || certificate.IsRevoked) return false;
            certificate.Revoke(reason, clock.UtcNow);
            Audit(certificate, certificate.Person!, certificate.Completion!.CourseId, auditAction ?? Training.Audit.AuditAction.Revoke, new People.Actor(staffId, staffName), reason);
            await db.SaveChangesAsync(ct);
            await TellRevokedAsync(certificate, ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Records that staff handed the paper certificate to its holder (it leaves the "to hand over" list). The first time
    /// counts and is audited; pressed again, nothing changes. False when there is no such certificate.
    /// </summary>
    public Task<bool> HandOverAsync(int certificateId, People.Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var certificate = await db.Certificates.Include(c => c.Person).Include(c => c.Completion).FirstOrDefaultAsync(c => c.Id == certificateId, ct);
            if (certificate is null) return false;
            if (certificate.HandOver(clock.UtcNow)) Audit(certificate, certificate.Person!, certificate.Completion!.CourseId, Training.Audit.AuditAction.CertificateHandedOver, actor, "");
            return true;
        }, cancellationToken);

    private async Task TellRevokedAsync(Certificate certificate, CancellationToken cancellationToken)
    {
        var person = certificate.Person!;
        if (person.AnonymisedAt is not null) return;
        var organisation = certificate.Completion!.Course!.Organisation;
        var key = $"certificate-revoked:{certificate.Id}";
        if ((await EmailedToAsync([person.Id], cancellationToken)).Contains(person.Id))
        {
            await outbox.QueueAsync(new Notifications.EmailRequest(key, "certificate-revoked", person.PreferredLanguage, person.Email!, person.FullName,
                new Notifications.CertificateRevokedEmail(person.FullName, certificate.Program!.Name, certificate.SerialLabel, certificate.RevokedReason ?? "",
                    links.Absolute(SiteLinks.Verify(certificate.VerificationCode))) { Office = Notifications.EmailOffice.Of(organisation) },
                Notifications.EmailCategory.Essential, person.Id), cancellationToken);
            return;
        }
        await Notifications.CallList.AddAsync(db, new Notifications.CallListEntry
        {
            IdempotencyKey = key, PersonId = person.Id, Kind = "certificate-revoked",
            Message = $"{certificate.Program!.Name}の修了証（{certificate.SerialLabel}）を取り消しました。理由：{certificate.RevokedReason}。ご本人にお電話でお伝えし、お手元の修了証は使えなくなったことをご説明ください。",
            MessageEn = $"The {certificate.Program!.Name} certificate ({certificate.SerialLabel}) was revoked. Reason: {certificate.RevokedReason}. Please tell them by phone that the certificate they hold is no longer valid.",
            DueOn = clock.Today, CreatedAt = clock.UtcNow,
        }, cancellationToken);
    }

    private void Audit(Certificate certificate, People.Person person, int courseId, Training.Audit.AuditAction action, People.Actor actor, string reason) =>
        audit.Record(actor, action, Training.Audit.AuditTarget.OfCertificate(certificate.Id, certificate.SerialLabel, person.Id, person.FullName, courseId),
            reason.Trim() is "" ? certificate.SerialLabel : $"{certificate.SerialLabel}: {reason.Trim()}");

    /// <summary>
    /// Emails the certificate where the person has email and agreed to be contacted; otherwise it waits on the
    /// "to print / hand over" list of the ledger.
    /// </summary>
    private async Task SendAsync(Certificate certificate, People.Person person, string program, byte[] pdf, Notifications.EmailOffice? office,
        CancellationToken cancellationToken)
    {
        if (!(await EmailedToAsync([person.Id], cancellationToken)).Contains(person.Id)) return;
        await outbox.QueueAsync(new Notifications.EmailRequest($"certificate-issued:{certificate.Id}", "certificate-issued", person.PreferredLanguage,
            person.Email!, person.FullName, new Notifications.CertificateIssuedEmail(person.FullName, program, certificate.SerialLabel,
                links.Absolute(SiteLinks.Verify(certificate.VerificationCode))) { Office = office }, Notifications.EmailCategory.Essential, person.Id,
            [new Notifications.EmailAttachment($"修了証_{certificate.FiscalYear}_{certificate.SerialNumber}.pdf", "application/pdf", pdf)]), cancellationToken);
        certificate.MarkEmailed(clock.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Those of <paramref name="personIds"/> whose certificates (and notices about them) go by email: they have an address
    /// and their latest word on being contacted is yes. The rest are handed their certificate, or phoned.
    /// </summary>
    public async Task<HashSet<int>> EmailedToAsync(IReadOnlyCollection<int> personIds, CancellationToken cancellationToken = default)
    {
        var withEmail = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id) && p.Email != null && p.Email != "" && p.AnonymisedAt == null)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        var consents = await db.Consents.AsNoTracking().Where(c => withEmail.Contains(c.PersonId) && c.Purpose == People.ConsentPurpose.Contact)
            .Select(c => new { c.PersonId, c.RecordedAt, c.Id, c.Granted }).ToListAsync(cancellationToken);
        return consents.GroupBy(c => c.PersonId).Where(g => g.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).First().Granted)
            .Select(g => g.Key).ToHashSet();
    }

    /// <summary>The content of an issued certificate as it stands in the ledger (for printing again in bulk).</summary>
    public async Task<List<CertificateContent>> ContentsAsync(IReadOnlyCollection<int> certificateIds, CancellationToken cancellationToken = default)
    {
        var rows = await db.Certificates.AsNoTracking().Where(c => certificateIds.Contains(c.Id))
            .OrderBy(c => c.Person!.KanaSortKey)
            .Select(c => new { c.NameAsPrinted, Program = c.Program!.Name, Course = c.Completion!.Course!.Title, Organisation = c.Completion.Course.Organisation!,
                c.SerialLabel, c.ReissueCount, c.IssuedAt, c.VerificationCode, c.IssuerTitle, c.IssuerName, c.Program.CertificateWording, c.Program.CompletionRule,
                ByException = c.Completion.ExceptionReason != null })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CertificateContent(r.NameAsPrinted, r.Program, r.Course, r.Organisation.Name,
            r.ReissueCount > 0 ? $"{r.SerialLabel}（再交付）" : r.SerialLabel, PrintedDate(DateOnly.FromDateTime(clock.ToLocal(r.IssuedAt))),
            r.IssuerTitle ?? r.Organisation.IssuerTitle, r.IssuerName ?? r.Organisation.IssuerName, r.VerificationCode, links.Absolute(SiteLinks.Verify(r.VerificationCode)),
            Wording(r.CertificateWording, r.CompletionRule).CertificateTitle,
            Wording(r.CertificateWording, r.CompletionRule).CertificateAchievementFor(r.ByException))).ToList();
    }

    /// <summary>A program's wording from the two fields it depends on (for rows read without the whole program).</summary>
    private static Courses.TrainingProgram Wording(Courses.CertificateWording wording, Courses.CompletionRuleKind rule) =>
        new(new Courses.ProgramDetails { CertificateWording = wording, CompletionRule = rule });

    private string PrintedDate(DateOnly date) =>
        options.Value.DateStyle == "Western" ? JapaneseDates.LongWestern(date) : JapaneseDates.LongWareki(date);

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

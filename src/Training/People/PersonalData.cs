using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Audit;
using Training.Configuration;
using Training.Data;
using Training.Notifications;
using Training.Text;
using Training.Time;

namespace Training.People;

/// <summary>Who did something to personal data, for the audit log.</summary>
public sealed record Actor(string? StaffUserId, string StaffUserName, string? RemoteAddress = null)
{
    public static readonly Actor System = new(null, "system");
    /// <summary>A resident acting for themselves on the public pages (booking, cancelling, extending).</summary>
    public static readonly Actor Resident = new(null, ResidentName);
    public const string ResidentName = "resident";

    /// <summary>The staff member by id, or the resident when no staff member acted.</summary>
    public static Actor StaffOrResident(string? staffId) => staffId is null ? Resident : new(staffId, "");
}

/// <summary>
/// A resident's personal data as the Act on the Protection of Personal Information expects it to be handled: everything
/// held about them, exported on request; deletion by anonymising (statistics and the certificate ledger's serial numbers
/// stay, nothing that names or reaches the person does); and an audit entry for every view, export and change.
/// </summary>
public class PersonalData(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock, IOptions<SiteOptions> site, ILogger<PersonalData> logger)
{
    public const string AnonymousName = Person.AnonymousName;

    /// <summary>
    /// Records a view, export or change of a person's data, named as the person reads now (a correction not yet saved
    /// included); joins the caller's unit of work when one is running.
    /// </summary>
    public async Task AuditAsync(Actor actor, AuditAction action, int personId, string details = "", CancellationToken cancellationToken = default)
    {
        var name = db.People.Local.FirstOrDefault(p => p.Id == personId)?.FullName
            ?? await db.People.Where(p => p.Id == personId).Select(Person.FullNameInQuery).FirstOrDefaultAsync(cancellationToken) ?? "";
        await audit.RecordAsync(actor, action, AuditTarget.OfPerson(personId, name), details, cancellationToken);
    }

    /// <summary>Everything held about one person, as plain values ready for JSON (the export) or CSV.</summary>
    public async Task<Dictionary<string, object?>> CollectAsync(int personId, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().Include(p => p.Area).Include(p => p.Consents).FirstAsync(p => p.Id == personId, cancellationToken);
        string When(DateTime utc) => clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm");
        return new Dictionary<string, object?>
        {
            ["person"] = new Dictionary<string, object?>
            {
                ["id"] = person.Id, ["family_name"] = person.FamilyName, ["given_name"] = person.GivenName, ["family_name_kana"] = person.FamilyNameKana,
                ["given_name_kana"] = person.GivenNameKana, ["email"] = person.Email, ["phone"] = person.Phone, ["area"] = person.Area?.Name,
                ["birth_year"] = person.BirthYear, ["sex"] = person.Sex.ToString(), ["language"] = person.PreferredLanguage, ["notes"] = person.Notes,
                ["registered_in_system"] = When(person.CreatedAt), ["last_changed"] = When(person.UpdatedAt),
            },
            ["consents"] = person.Consents.OrderBy(c => c.RecordedAt).Select(c => new Dictionary<string, object?>
            {
                ["purpose"] = c.Purpose.ToString(), ["granted"] = c.Granted, ["wording"] = c.Wording, ["recorded"] = When(c.RecordedAt), ["channel"] = c.Channel.ToString(),
            }).ToList(),
            ["registrations"] = (await db.Registrations.AsNoTracking().Where(r => r.PersonId == personId).OrderBy(r => r.RegisteredAt)
                .Select(r => new { Program = r.Course!.Program!.Name, r.Course.Title, r.Status, r.RegisteredAt, r.Channel, r.CancelledAt }).ToListAsync(cancellationToken))
                .Select(r => new Dictionary<string, object?>
                {
                    ["program"] = r.Program, ["course"] = r.Title, ["status"] = r.Status.ToString(), ["registered"] = When(r.RegisteredAt),
                    ["channel"] = r.Channel.ToString(), ["cancelled"] = r.CancelledAt is { } c ? When(c) : null,
                }).ToList(),
            ["attendance"] = (await db.Attendance.AsNoTracking().Where(a => a.PersonId == personId).OrderBy(a => a.Session!.StartsAt)
                .Select(a => new { Program = a.Session!.Course!.Program!.Name, a.Session.SequenceNumber, a.Session.StartsAt, a.Status, a.Note }).ToListAsync(cancellationToken))
                .Select(a => new Dictionary<string, object?>
                {
                    ["program"] = a.Program, ["session"] = a.SequenceNumber, ["date"] = When(a.StartsAt), ["status"] = a.Status.ToString(), ["note"] = a.Note,
                }).ToList(),
            ["roster_notes"] = (await db.RosterNotes.AsNoTracking().Where(n => n.PersonId == personId).OrderBy(n => n.Session!.StartsAt)
                .Select(n => new { Program = n.Session!.Course!.Program!.Name, n.Session.SequenceNumber, n.Session.StartsAt, n.Note }).ToListAsync(cancellationToken))
                .Select(n => new Dictionary<string, object?> { ["program"] = n.Program, ["session"] = n.SequenceNumber, ["date"] = When(n.StartsAt), ["note"] = n.Note })
                .ToList(),
            ["certificates"] = (await db.Certificates.AsNoTracking().Where(c => c.PersonId == personId)
                .Select(c => new { c.SerialLabel, c.NameAsPrinted, c.IssuedAt, c.RevokedAt }).ToListAsync(cancellationToken))
                .Select(c => new Dictionary<string, object?>
                {
                    ["serial"] = c.SerialLabel, ["name_as_printed"] = c.NameAsPrinted, ["issued"] = When(c.IssuedAt), ["revoked"] = c.RevokedAt is { } r ? When(r) : null,
                }).ToList(),
            ["qualifications"] = (await db.Qualifications.AsNoTracking().Where(q => q.PersonId == personId)
                .Select(q => new { q.QualificationType!.Name, q.GrantedAt, q.ExpiresAt, q.WithdrawnAt, q.ListedAsSupporter, q.Interests }).ToListAsync(cancellationToken))
                .Select(q => new Dictionary<string, object?>
                {
                    ["qualification"] = q.Name, ["granted"] = When(q.GrantedAt), ["expires"] = q.ExpiresAt is { } e ? When(e) : null,
                    ["withdrawn"] = q.WithdrawnAt is { } w ? When(w) : null, ["listed_as_supporter"] = q.ListedAsSupporter, ["interests"] = q.Interests,
                }).ToList(),
            ["emails"] = (await db.OutboundEmails.AsNoTracking().Where(e => e.PersonId == personId).OrderBy(e => e.Id)
                .Select(e => new { e.CreatedAt, e.ToAddress, e.Subject, e.Status }).ToListAsync(cancellationToken))
                .Select(e => new Dictionary<string, object?> { ["created"] = When(e.CreatedAt), ["to"] = e.ToAddress, ["subject"] = e.Subject, ["status"] = e.Status.ToString() }).ToList(),
            ["activity_records"] = (await db.ActivityRecords.AsNoTracking().Where(r => r.PersonId == personId).OrderBy(r => r.StartsAt)
                .Select(r => new { Activity = r.LocalActivity!.Name, r.Date, r.StartTime, r.Minutes, r.Visits, r.Note, r.Status, r.CancelledAt }).ToListAsync(cancellationToken))
                .Select(r => new Dictionary<string, object?>
                {
                    ["activity"] = r.Activity, ["date"] = $"{r.Date:yyyy-MM-dd}", ["start"] = $"{r.StartTime:HH\\:mm}", ["minutes"] = r.Minutes, ["visits"] = r.Visits,
                    ["note"] = r.Note, ["status"] = r.Status.ToString(), ["cancelled"] = r.CancelledAt is { } x ? When(x) : null,
                }).ToList(),
            ["points_from_earlier_ledgers"] = (await db.PointCarryovers.AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.Date).ThenBy(c => c.Id)
                .Select(c => new { c.Date, c.Points, Kind = db.ActivityKinds.Where(k => k.Id == c.KindId).Select(k => k.Name).FirstOrDefault(), c.Note, c.ImportedAt, c.CancelledAt })
                .ToListAsync(cancellationToken))
                .Select(c => new Dictionary<string, object?>
                {
                    ["date"] = $"{c.Date:yyyy-MM-dd}", ["points"] = c.Points, ["kind"] = c.Kind, ["note"] = c.Note, ["imported"] = When(c.ImportedAt),
                    ["cancelled"] = c.CancelledAt is { } x ? When(x) : null,
                }).ToList(),
            ["calls"] = (await db.CallList.AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.Id)
                .Select(c => new { c.DueOn, c.Message, c.DoneAt, c.Note }).ToListAsync(cancellationToken))
                .Select(c => new Dictionary<string, object?> { ["due"] = $"{c.DueOn:yyyy-MM-dd}", ["message"] = c.Message, ["done"] = c.DoneAt is { } d ? When(d) : null, ["note"] = c.Note }).ToList(),
            // The LINE account their notices go to (issue 30), while one is linked.
            ["line"] = (await db.LineLinks.AsNoTracking().Where(l => l.PersonId == personId && l.LineUserId != null)
                .Select(l => new { l.LineUserId, l.LinkedAt, l.BrokenAt }).ToListAsync(cancellationToken))
                .Select(l => new Dictionary<string, object?> { ["line_user_id"] = l.LineUserId, ["linked"] = l.LinkedAt is { } a ? When(a) : null, ["broken"] = l.BrokenAt is { } b ? When(b) : null }).ToList(),
        };
    }

    public async Task<byte[]> ExportJsonAsync(int personId, Actor actor, CancellationToken cancellationToken = default)
    {
        var data = await CollectAsync(personId, cancellationToken);
        await AuditAsync(actor, AuditAction.ExportJson, personId, cancellationToken: cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(data, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The same data as CSV (UTF-8 with BOM): one line per item, with its section, formula-safe.</summary>
    public async Task<byte[]> ExportCsvAsync(int personId, Actor actor, CancellationToken cancellationToken = default)
    {
        var data = await CollectAsync(personId, cancellationToken);
        await AuditAsync(actor, AuditAction.ExportCsv, personId, cancellationToken: cancellationToken);
        var text = new StringBuilder();
        text.Append(Csv.Line(["section", "number", "field", "value"])).Append("\r\n");
        foreach (var (section, value) in data)
        {
            var items = value is Dictionary<string, object?> single ? [single] : ((System.Collections.IEnumerable)value!).Cast<Dictionary<string, object?>>().ToList();
            for (var i = 0; i < items.Count; i++)
                foreach (var (field, v) in items[i])
                    text.Append(Csv.Line([section, i + 1, field, v])).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// Deletes the person by anonymising: names, contacts and notes go; birth year, sex and area stay for the statistics;
    /// registrations, attendance and certificates stay with their serial numbers, the certificate's printed name and its
    /// stored PDF removed; unsent mail is cancelled and sent mail emptied of its text.
    /// </summary>
    public Task AnonymiseAsync(int personId, Actor actor, string reason, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(ct => AnonymiseInUnitAsync(personId, actor, reason, ct), cancellationToken);

    private async Task AnonymiseInUnitAsync(int personId, Actor actor, string reason, CancellationToken cancellationToken)
    {
        var person = await db.People.Include(p => p.Consents).FirstAsync(p => p.Id == personId, cancellationToken);
        if (!person.Anonymise(clock.UtcNow)) return;
        await db.SaveChangesAsync(cancellationToken);

        await db.OutboundEmails.Where(e => e.PersonId == personId && (e.Status == EmailStatus.Pending || e.Status == EmailStatus.Preparing || e.Status == EmailStatus.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EmailStatus.Cancelled), cancellationToken);
        await db.OutboundEmails.Where(e => e.PersonId == personId).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.ToAddress, "deleted@invalid").SetProperty(e => e.ToName, "").SetProperty(e => e.Subject, AnonymousName)
            .SetProperty(e => e.TextBody, "").SetProperty(e => e.HtmlBody, (string?)null).SetProperty(e => e.UnsubscribeUrl, (string?)null), cancellationToken);
        var emailIds = db.OutboundEmails.Where(e => e.PersonId == personId).Select(e => e.Id);
        await db.OutboundEmailAttachments.Where(a => emailIds.Contains(a.OutboundEmailId)).ExecuteDeleteAsync(cancellationToken);
        await db.CallList.Where(c => c.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await db.ContactChangeRequests.Where(c => c.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        // The LINE user id reaches the person: the link goes whole.
        await db.LineLinks.Where(l => l.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await db.Attendance.Where(a => a.PersonId == personId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Note, (string?)null), cancellationToken);
        await db.RosterNotes.Where(n => n.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        // Activity records stay for the figures (hours, visits); what was written about them goes.
        await db.ActivityRecords.Where(r => r.PersonId == personId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Note, "").SetProperty(r => r.CancelReason, ""), cancellationToken);
        await db.PointCarryovers.Where(c => c.PersonId == personId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, "").SetProperty(c => c.CancelReason, ""), cancellationToken);
        await db.Qualifications.Where(q => q.PersonId == personId).ExecuteUpdateAsync(s => s
            .SetProperty(q => q.ListedAsSupporter, false).SetProperty(q => q.Interests, ""), cancellationToken);
        // What they wrote about helping goes; the districts and days stay for the figures (Activities/HelperProfile.Forget).
        await db.HelperProfiles.Where(h => h.PersonId == personId).ExecuteUpdateAsync(s => s.SetProperty(h => h.Note, ""), cancellationToken);
        var pdfs = await db.Certificates.Where(c => c.PersonId == personId).Select(c => c.PdfPath).ToListAsync(cancellationToken);
        await db.Certificates.Where(c => c.PersonId == personId).ExecuteUpdateAsync(s => s.SetProperty(c => c.NameAsPrinted, AnonymousName), cancellationToken);
        // The log keeps what was done, never who it was done to: names in earlier rows' targets and in corrections go too.
        await db.AuditEntries.Where(a => a.PersonId == personId).ExecuteUpdateAsync(s => s.SetProperty(a => a.TargetLabel, AnonymousName), cancellationToken);
        await db.AuditEntries.Where(a => a.PersonId == personId && (a.Action == AuditAction.PersonEdit.Code || a.Action == AuditAction.Merge.Code))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Details, ""), cancellationToken);
        // The name is gone: the row says only which record, so the log keeps no trace of who they were.
        audit.Record(actor, AuditAction.Anonymise, AuditTarget.OfPerson(personId, AnonymousName), reason);
        // The frozen PDFs carry the name; they go once the database no longer points at a name.
        unitOfWork.AfterCommit(() =>
        {
            foreach (var pdf in pdfs)
            {
                var path = Path.Combine(site.Value.DataDirectory, "certificates", pdf);
                if (File.Exists(path)) File.Delete(path);
            }
            logger.LogInformation("Person {PersonId} anonymised", personId);
        });
    }

    /// <summary>People with no registration, attendance or change for the retention period; anonymised by the monthly job.</summary>
    public async Task<int> AnonymiseInactiveAsync(int retentionYears, CancellationToken cancellationToken = default)
    {
        var cutoff = clock.UtcNow.AddYears(-retentionYears);
        var inactive = await db.People.AsNoTracking()
            .Where(p => p.AnonymisedAt == null && p.UpdatedAt < cutoff)
            .Where(p => !db.Registrations.Any(r => r.PersonId == p.Id && r.RegisteredAt >= cutoff))
            .Where(p => !db.Attendance.Any(a => a.PersonId == p.Id && a.Session!.StartsAt >= cutoff))
            .Where(p => !db.ActivityRecords.Any(r => r.PersonId == p.Id && r.StartsAt >= cutoff))
            .Where(p => !db.Qualifications.Any(q => q.PersonId == p.Id && q.WithdrawnAt == null && (q.ExpiresAt == null || q.ExpiresAt >= cutoff)))
            .Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var id in inactive)
            await AnonymiseAsync(id, Actor.System, $"{retentionYears}年間、利用がなかったため（保存期間の経過）", cancellationToken);
        return inactive.Count;
    }
}

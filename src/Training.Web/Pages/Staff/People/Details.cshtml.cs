using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.People;

/// <summary>
/// One resident: contact details, every registration, and records that may be the same person, each leading to the
/// comparison on which a merge is confirmed (<see cref="MergeModel"/>).
/// </summary>
public class DetailsModel(TrainingDbContext db, StaffScope scope, PeopleDirectory directory, PersonalData personalData, SiteClock clock,
    RegistrationService registrations, Training.Certificates.CertificateIssuer issuer, Training.Attendance.AttendanceService attendance, MyPageLinks myPages,
    PersonContacts contacts, Training.Qualifications.SupporterListing listing, Training.Activities.HelperStages stages, IStringLocalizer<SharedResource> t,
    Training.Notifications.Line.LineLinks lineLinks, Training.Notifications.Channels.NoticeRouter noticeRouter) : PageModel
{
    /// <summary>「お知らせの受け取り方」: the person's choice, where their notices go now and why, what may be chosen.</summary>
    public Training.Notifications.Channels.NoticeChoice Notices { get; private set; } = null!;

    /// <summary>Records the person's choice of channel as they said it to staff (phone, paper, counter), a dated consent.</summary>
    public async Task<IActionResult> OnPostNoticesAsync(int id, Training.Notifications.Channels.NoticeChannel notices, ContactChannel channel, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (channel is not (ContactChannel.Phone or ContactChannel.Paper or ContactChannel.Staff)) return BadRequest();
        Message = await noticeRouter.ChooseAsync(id, notices, channel, Actor.StaffUserId, cancellationToken) switch
        {
            Training.Notifications.Channels.NoticeChoiceOutcome.Saved or Training.Notifications.Channels.NoticeChoiceOutcome.Unchanged => t["お知らせの受け取り方を保存しました。"],
            Training.Notifications.Channels.NoticeChoiceOutcome.NoMobileNumber => t[Training.Notifications.Channels.JapaneseMobileNumber.Messages.NotMobile],
            _ => t["その受け取り方は、いまは選べません。"],
        };
        return RedirectToPage(null, null, new { id }, "notices");
    }

    /// <summary>The person's stage and activity records (of activities this staff member's districts reach); set when the page is shown.</summary>
    public PersonActivityRecords? ActivityHistory { get; private set; }

    /// <summary>Sends the resident the link to their own page again, to the email on record.</summary>
    public async Task<IActionResult> OnPostSendLinkAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var sent = await myPages.ResendByStaffAsync(id, Actor, cancellationToken);
        Message = sent ? t["ご本人のページへのリンクを、登録のメールアドレスに送りました。"] : t["メールアドレスがないため送れません。印刷してお渡しください。"];
        return RedirectToPage(new { id });
    }

    /// <summary>The link to the resident's own page, large and as a QR code, to print or read out for someone without email.</summary>
    public async Task<IActionResult> OnGetLinkAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        PrintLink = await myPages.PrintAsync(Person, Actor, cancellationToken);
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(PrintLink, QRCoder.QRCodeGenerator.ECCLevel.M);
        PrintQr = "data:image/png;base64," + Convert.ToBase64String(new QRCoder.PngByteQRCode(data).GetGraphic(8));
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>Set when the page prints the link for the resident (<see cref="OnGetLinkAsync"/>).</summary>
    public string? PrintLink { get; private set; }
    public string? PrintQr { get; private set; }

    /// <summary>An absence for one day, told on the phone (欠席連絡): recorded as excused, the place kept, that day's reminder withdrawn.</summary>
    public async Task<IActionResult> OnPostAbsenceAsync(int id, int sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (SessionsByCourse.SelectMany(g => g).FirstOrDefault(x => x.Session.Id == sessionId) is not { Session: { } day }) return NotFound();
        // Reaching the person through one course is not leave to act on another district's course.
        if (!await scope.AllowsAsync(Registrations.FirstOrDefault(r => r.CourseId == day.CourseId)?.Course?.AreaId
                ?? await db.Courses.Where(c => c.Id == day.CourseId).Select(c => c.AreaId).FirstAsync(cancellationToken), cancellationToken)) return Forbid();
        var result = await attendance.ExcuseAsync(sessionId, id, Training.Attendance.AttendanceSource.PhoneNotice, scope.UserId, cancellationToken);
        Message = result.Outcome switch
        {
            Training.Attendance.AttendanceOutcome.Saved or Training.Attendance.AttendanceOutcome.Unchanged => t["欠席連絡を記録しました（連絡あり）。この日のご案内は送りません。"],
            Training.Attendance.AttendanceOutcome.SessionCancelled => t["この日は中止になっています。"],
            Training.Attendance.AttendanceOutcome.SessionOver => t["この日はもう終わっているため、欠席連絡は記録できません。出欠は出席簿で記録してください。"],
            _ => t["この方はこの講座の参加者ではないため、欠席連絡は記録できません。"],
        };
        return RedirectToPage(new { id });
    }

    /// <summary>Every certificate the person was issued, valid, reissued or revoked, oldest first.</summary>
    public IReadOnlyList<Training.Certificates.Certificate> Certificates { get; private set; } = [];

    /// <summary>Valid certificates printed with a name other than the one on record now (the name was corrected).</summary>
    public IReadOnlyList<Training.Certificates.Certificate> MisnamedCertificates { get; private set; } = [];
    public const string NameCorrectionReason = "氏名の訂正";

    /// <summary>Reissues a certificate with the corrected name: the same serial, the issuer of the original, the reason recorded.</summary>
    public async Task<IActionResult> OnPostReissueNameAsync(int id, int certificateId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (MisnamedCertificates.FirstOrDefault(c => c.Id == certificateId) is not { } certificate) return NotFound();
        var reissued = await issuer.ReissueAsync(certificate.Id, NameCorrectionReason, scope.UserId, scope.User.Identity?.Name ?? "", cancellationToken);
        Message = reissued is null ? t["取り消された修了証は再交付できません。"]
            : string.Format(t["{0}を、訂正した名前で再交付しました。番号は変わりません。"], certificate.SerialLabel);
        return RedirectToPage(new { id });
    }

    public Person Person { get; private set; } = null!;
    public IReadOnlyList<Registration> Registrations { get; private set; } = [];
    /// <summary>Places on waiting lists, counted from 1.</summary>
    public IReadOnlyDictionary<int, int> WaitlistPlaces { get; private set; } = new Dictionary<int, int>();
    public ILookup<int, (Training.Courses.Session Session, Training.Attendance.AttendanceRecord? Record)> SessionsByCourse { get; private set; } = Array.Empty<(Training.Courses.Session, Training.Attendance.AttendanceRecord?)>().ToLookup(x => 0);
    public IReadOnlyList<Training.Attendance.Completion> Completions { get; private set; } = [];
    public IReadOnlyList<Training.Qualifications.Qualification> Qualifications { get; private set; } = [];
    /// <summary>The person's 「活動の希望」 (helper profile), if any, with the names of districts and kinds it names.</summary>
    public Training.Activities.HelperProfile? HelperProfile { get; private set; }
    public IReadOnlyDictionary<int, string> HelperAreas { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyDictionary<int, string> HelperKinds { get; private set; } = new Dictionary<int, string>();
    public const string ListingConsentWording = Training.Qualifications.SupporterListing.ConsentWording;
    public IReadOnlyList<Person> Duplicates { get; private set; } = [];
    public IReadOnlyList<Consent> Consents { get; private set; } = [];
    /// <summary>Contacts a public form offered for this person, waiting for staff to confirm with them.</summary>
    public IReadOnlyList<ContactChangeRequest> ContactChanges { get; private set; } = [];

    public const string SharingConsentWording = PersonContacts.SharingConsentWording;

    /// <summary>The purposes staff record on the person's word (by phone, on paper, at the counter), with the wording read to them.</summary>
    public static string? WordingFor(ConsentPurpose purpose, bool granted) => PersonContacts.WordingFor(purpose, granted);

    /// <summary>Records a consent given or withdrawn, as the person said it to staff, with the wording and the date.</summary>
    public async Task<IActionResult> OnPostConsentAsync(int id, ConsentPurpose purpose, bool granted, ContactChannel channel, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (!await contacts.RecordConsentAsync(id, purpose, granted, channel, Actor, cancellationToken)) return BadRequest();
        Message = t["同意の記録を残しました。"];
        return RedirectToPage(new { id });
    }
    public SiteClock Clock => clock;
    [TempData] public string? Message { get; set; }

    [BindProperty, System.ComponentModel.DataAnnotations.StringLength(500, ErrorMessage = "500文字以内で入力してください。")]
    public string? DeleteReason { get; set; }

    private Actor Actor => scope.Actor;

    /// <summary>The LINE section is there only when the city has a LINE official account.</summary>
    public bool LineOffered => lineLinks.Options.IsConfigured;
    /// <summary>The person's LINE link (linked since, broken since); its LINE user id is shown to administrators only.</summary>
    public Training.Notifications.Line.LineLink? Line { get; private set; }
    /// <summary>「LINEの連携を解除する」 pressed: the page asks first.</summary>
    [BindProperty(SupportsGet = true)] public bool UnlinkLine { get; set; }
    public bool ShowsLineUserId => scope.IsAdmin;

    /// <summary>Unlinks the resident's LINE (asked on the phone, or a LINE account that is not theirs); audited.</summary>
    public async Task<IActionResult> OnPostLineUnlinkAsync(int id, CancellationToken cancellationToken)
    {
        if (!LineOffered) return NotFound();
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        Message = await lineLinks.UnlinkAsync(id, Actor, cancellationToken)
            ? t["LINEの連携を解除しました。お知らせはLINEには送りません。"]
            : t["LINEとは連携していません。"];
        return RedirectToPage(null, null, new { id }, "line");
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        ActivityHistory = await PersonActivityRecords.LoadAsync(db, stages, id, await scope.AreaIdsAsync(cancellationToken), cancellationToken);
        if (LineOffered) Line = await lineLinks.OfAsync(id, cancellationToken);
        // Who looked at whom is part of the audit log the law expects.
        await personalData.AuditAsync(Actor, Training.Audit.AuditAction.View, id, cancellationToken: cancellationToken);
        return Page();
    }

    /// <summary>Everything held about the person (開示請求), as JSON or CSV; the export is logged.</summary>
    public async Task<IActionResult> OnGetExportAsync(int id, string format, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        Response.Headers.CacheControl = "no-store";
        return format == "csv"
            ? File(await personalData.ExportCsvAsync(id, Actor, cancellationToken), "text/csv; charset=utf-8", $"person-{id}.csv")
            : File(await personalData.ExportJsonAsync(id, Actor, cancellationToken), "application/json", $"person-{id}.json");
    }

    /// <summary>Deletion on request (利用停止・削除): the person is anonymised; figures and certificate serial numbers stay.</summary>
    public async Task<IActionResult> OnPostAnonymiseAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (!scope.IsAdmin) return Forbid();
        if (string.IsNullOrWhiteSpace(DeleteReason))
        {
            ModelState.AddModelError(nameof(DeleteReason), t["削除の理由を入力してください（例：ご本人からの申し出）。"]);
            return Page();
        }
        if (!ModelState.IsValid) return Page();
        await personalData.AnonymiseAsync(id, Actor, DeleteReason.Trim(), cancellationToken);
        TempData["Message"] = t["個人情報を削除しました（統計と修了証の番号は残ります）。"].Value;
        return RedirectToPage("/Staff/People/Index");
    }

    /// <summary>Records of two different areas move a person between districts: that is an administrator's decision.</summary>
    public bool MayMerge(Person duplicate) => scope.IsAdmin || duplicate.AreaId == Person.AreaId;

    /// <summary>The office reached the person, who did make the booking held since the public form.</summary>
    public async Task<IActionResult> OnPostConfirmBookingAsync(int id, int registrationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (Registrations.FirstOrDefault(r => r.Id == registrationId) is not { } booking) return NotFound();
        if (!await scope.AllowsAsync(booking.Course!.AreaId, cancellationToken)) return Forbid();
        Message = await registrations.ConfirmByPhoneAsync(registrationId, Actor, cancellationToken)
            ? t["ご本人の申し込みと確認しました。"] : t["この申し込みは、すでに確認済みか取り消されています。"];
        return RedirectToPage(new { id });
    }

    /// <summary>The person did not make the booking: it is cancelled, and the seat goes to whoever waits.</summary>
    public async Task<IActionResult> OnPostWithdrawBookingAsync(int id, int registrationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (Registrations.FirstOrDefault(r => r.Id == registrationId) is not { AwaitsConfirmation: true } held) return NotFound();
        if (!await scope.AllowsAsync(held.Course!.AreaId, cancellationToken)) return Forbid();
        await registrations.CancelAsync(registrationId, "本人の申し込みではなかった（電話で確認）", scope.UserId, cancellationToken);
        Message = t["申し込みを取り消しました。"];
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Accepts or dismisses a contact a public form offered. Staff accept only after checking with the person through
    /// the contact already on record; the change and who made it are audited.
    /// </summary>
    public async Task<IActionResult> OnPostContactChangeAsync(int id, int requestId, bool accept, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var decision = await contacts.DecideContactChangeAsync(id, requestId, accept, Actor, cancellationToken);
        if (decision == ContactChangeDecision.NotFound) return NotFound();
        Message = decision switch
        {
            ContactChangeDecision.Accepted => t["連絡先を変更しました。"],
            ContactChangeDecision.Dismissed => t["変更の申し出を見送りました。記録は変わっていません。"],
            _ => t["この変更の申し出は、すでに処理されています。"],
        };
        return RedirectToPage(new { id });
    }

    /// <summary>Lists or unlists the person as a supporter (登録), a separate opt-in recorded as consent with its wording.</summary>
    public async Task<IActionResult> OnPostListingAsync(int id, int qualificationId, bool listed, string? interests, bool consent, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var outcome = await listing.SetAsync(id, qualificationId, listed, interests, consent, Actor, cancellationToken);
        if (outcome == Training.Qualifications.ListingOutcome.NotFound) return NotFound();
        Message = outcome switch
        {
            Training.Qualifications.ListingOutcome.Listed => t["サポーター名簿に登録しました。"],
            Training.Qualifications.ListingOutcome.Unlisted => t["サポーター名簿から外しました。"],
            _ => t["名簿に載せるには、ご本人の同意の確認が必要です。"],
        };
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().Include(p => p.Area).FirstOrDefaultAsync(p => p.Id == id && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return NotFound();
        if (!await scope.ReachesAsync(person.Id, cancellationToken)) return Forbid();
        Person = person;
        Registrations = await db.Registrations.AsNoTracking().Include(r => r.Course!).ThenInclude(c => c.Program)
            .Where(r => r.PersonId == id).OrderByDescending(r => r.RegisteredAt).ToListAsync(cancellationToken);
        WaitlistPlaces = await Registration.WaitlistPlaces(db.Registrations, Registrations.Select(r => r.Id), cancellationToken);
        Duplicates = await directory.PossibleDuplicatesAsync(id, await scope.AreaIdsAsync(cancellationToken), cancellationToken);
        ContactChanges = await db.ContactChangeRequests.AsNoTracking().Where(c => c.PersonId == id && c.ResolvedAt == null)
            .OrderBy(c => c.SubmittedAt).ToListAsync(cancellationToken);
        Consents = await db.Consents.AsNoTracking().Where(c => c.PersonId == id).OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).ToListAsync(cancellationToken);
        Notices = await noticeRouter.ChoiceAsync(person, cancellationToken);
        var courseIds = Registrations.Select(r => r.CourseId).ToList();
        var sessions = await db.Sessions.AsNoTracking().Where(s => courseIds.Contains(s.CourseId)).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var records = await db.Attendance.AsNoTracking().Include(a => a.Session).Where(a => a.PersonId == id).ToListAsync(cancellationToken);
        // Make-ups at other runs show under the course they count for.
        var makeUps = records.Where(a => a.IsMakeUp && a.Session is not null && !courseIds.Contains(a.Session.CourseId)).ToList();
        SessionsByCourse = sessions.Select(s => (s.CourseId, (s, records.FirstOrDefault(a => a.SessionId == s.Id))))
            .Concat(makeUps.Select(m => (Registrations.First(r => r.Id == m.RegistrationId).CourseId, (m.Session!, (Training.Attendance.AttendanceRecord?)m))))
            .ToLookup(x => x.Item1, x => x.Item2);
        Completions = await db.Completions.AsNoTracking().Where(c => c.PersonId == id).ToListAsync(cancellationToken);
        var fullName = person.FullName;
        Certificates = await db.Certificates.AsNoTracking().Include(c => c.Program)
            .Where(c => c.PersonId == id).OrderBy(c => c.IssuedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        MisnamedCertificates = Certificates.Where(c => c.RevokedAt == null && !string.Equals(c.NameAsPrinted, fullName, StringComparison.Ordinal)).ToList();
        Qualifications = await db.Qualifications.AsNoTracking().Include(q => q.QualificationType).Where(q => q.PersonId == id).ToListAsync(cancellationToken);
        HelperProfile = await Training.Activities.HelperProfile.WithChoices(db.HelperProfiles.AsNoTracking()).FirstOrDefaultAsync(h => h.PersonId == id, cancellationToken);
        HelperAreas = await db.Areas.AsNoTracking().Select(a => new { a.Id, a.Name }).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        HelperKinds = await db.ActivityKinds.AsNoTracking().Select(k => new { k.Id, k.Name }).ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken);
        return null;
    }
}

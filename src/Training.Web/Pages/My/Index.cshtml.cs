using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Time;
using Training.Web.Hosting;

namespace Training.Web.Pages.My;

/// <summary>
/// A resident's own page, reached through the secret link in every confirmation: their registrations, a
/// cancel button with a confirmation step, and their calendar. No password.
/// </summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class IndexModel(TrainingDbContext db, RegistrationService registrations, EmailPreferences preferences, SiteClock clock,
    Training.Attendance.AttendanceService attendance, Training.Organisations.ContactNumbers contacts, IStringLocalizer<SharedResource> t,
    Training.Certificates.CertificateStore certificateStore, Training.Activities.ActivityRecords activityRecords,
    Training.Leaders.GroupLeaders groupLeaders, PersonContacts consents, Training.Notifications.Line.LineLinks lineLinks,
    Training.Notifications.Channels.NoticeRouter noticeRouter) : PageModel
{
    /// <summary>「お知らせの受け取り方」: the resident's choice, where notices go now (and why, when not as chosen), and what they may choose.</summary>
    public Training.Notifications.Channels.NoticeChoice Notices { get; private set; } = null!;
    [TempData] public string? NoticesNotice { get; set; }

    /// <summary>「保存する」 under 「お知らせの受け取り方」: the choice recorded as a dated consent; SMS needs a mobile number.</summary>
    public async Task<IActionResult> OnPostNoticesAsync(string token, Training.Notifications.Channels.NoticeChannel channel, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        var outcome = await noticeRouter.ChooseAsync(Person.Id, channel, ContactChannel.Web, cancellationToken: cancellationToken);
        NoticesNotice = outcome switch
        {
            Training.Notifications.Channels.NoticeChoiceOutcome.Saved or Training.Notifications.Channels.NoticeChoiceOutcome.Unchanged => t["お知らせの受け取り方を保存しました。"],
            Training.Notifications.Channels.NoticeChoiceOutcome.NoMobileNumber => t[Training.Notifications.Channels.JapaneseMobileNumber.Messages.NotMobile],
            _ => t["その受け取り方は、いまは選べません。"],
        };
        return RedirectToPage("/My/Index", null, new { token }, "notices");
    }

    // 活動の記録: the helper's own activity records, added here (pending until a coordinator confirms) and withdrawn while pending.
    public sealed record MyRecord(int Id, string Activity, DateOnly Date, TimeOnly Start, int Minutes, int Visits, Training.Activities.RecordStatus Status, bool Cancelled);
    public IReadOnlyList<MyRecord> ActivityRecords { get; private set; } = [];
    /// <summary>The activities the helper may record: those they have records at, and listed activities of their district.</summary>
    public IReadOnlyList<(int Id, string Name)> RecordActivities { get; private set; } = [];
    [BindProperty] public Training.Activities.RecordInput Input { get; set; } = new();
    [BindProperty] public int? Hours { get; set; }
    [BindProperty] public int? MinutesPart { get; set; }
    [BindProperty] public int? ActivityId { get; set; }
    /// <summary>The record form was refused: shown open with the reasons, nothing saved.</summary>
    public bool RecordRefused { get; private set; }

    /// <summary>「活動を記録する」: a record of the helper's own, waiting for a coordinator's confirmation.</summary>
    public async Task<IActionResult> OnPostRecordAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        ModelState.Clear();
        Input.Minutes = Training.Activities.RecordInput.MinutesOf(Hours, MinutesPart);
        var outcome = await activityRecords.SubmitOwnAsync(Person.Id, ActivityId, Input, cancellationToken);
        if (outcome is Training.Activities.RecordChange.Invalid invalid)
        {
            foreach (var problem in invalid.Problems) ModelState.AddModelError(problem.Field == "" ? "" : $"Input.{problem.Field}", t[problem.Message]);
            RecordRefused = true;
            Response.Headers.CacheControl = "no-store";
            Response.Headers["X-Robots-Tag"] = "noindex";
            return Page();
        }
        if (outcome is not Training.Activities.RecordChange.Saved) return NotFound();
        Notice = t["活動の記録を受け付けました。担当の職員が確認するまで「確認待ち」と表示されます。"];
        return RedirectToPage("/My/Index", null, new { token }, "records");
    }

    /// <summary>「取り下げる」: a record of the helper's own still waiting for confirmation.</summary>
    public async Task<IActionResult> OnPostWithdrawRecordAsync(string token, int recordId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        var outcome = await activityRecords.WithdrawOwnAsync(Person.Id, recordId, cancellationToken);
        if (outcome is Training.Activities.RecordChange.NotFound) return NotFound();
        Notice = outcome is Training.Activities.RecordChange.Saved ? t["活動の記録を取り下げました。"]
            : t["確認済みの記録は取り下げられません。まちがいがあるときは、お電話でご連絡ください。"];
        return RedirectToPage("/My/Index", null, new { token }, "records");
    }

    /// <summary>The resident's own certificates (修了証), valid, reissued or revoked, oldest first.</summary>
    public IReadOnlyList<Training.Certificates.Certificate> Certificates { get; private set; } = [];
    public SiteClock Clock => clock;

    /// <summary>A certificate of the resident's own, as its PDF; never one revoked, never anyone else's.</summary>
    public async Task<IActionResult> OnGetCertificateAsync(string token, int certificateId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        if (Certificates.FirstOrDefault(c => c.Id == certificateId && c.RevokedAt is null) is not { } certificate) return NotFound();
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return File(certificateStore.Read(certificate.PdfPath), "application/pdf", $"certificate-{certificate.FiscalYear}-{certificate.SerialNumber}.pdf");
    }

    public Training.Organisations.ContactNumber Contact => contacts.General;
    /// <summary>Sessions the resident told us they will miss (欠席連絡), by session id.</summary>
    public IReadOnlySet<int> Excused { get; private set; } = new HashSet<int>();
    /// <summary>What the last button on the page did (an absence told or taken back, a booking extended).</summary>
    [TempData] public string? Notice { get; set; }

    /// <summary>「この日は欠席します」: one day missed, the place kept.</summary>
    public async Task<IActionResult> OnPostAbsenceAsync(string token, int sessionId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        if (Rows.All(r => r.Sessions.All(s => s.Id != sessionId))) return NotFound();
        var result = await attendance.ExcuseAsync(sessionId, Person.Id, Training.Attendance.AttendanceSource.ResidentNotice, null, cancellationToken);
        Notice = result.Outcome switch
        {
            Training.Attendance.AttendanceOutcome.Saved or Training.Attendance.AttendanceOutcome.Unchanged => t["欠席のご連絡を受け付けました。この日のご案内はお送りしません。ほかの日はそのままご参加いただけます。"],
            Training.Attendance.AttendanceOutcome.SessionCancelled => t["この日は中止になっています。"],
            Training.Attendance.AttendanceOutcome.SessionOver => t["この日はもう終わっているため、欠席のご連絡はできません。"],
            _ => t["この日の欠席のご連絡はできません。お電話でご相談ください。"],
        };
        return RedirectToPage("/My/Index", null, new { token }, $"session-{sessionId}");
    }

    /// <summary>「やっぱり参加します」: an absence told ahead is taken back while the day is still to come.</summary>
    public async Task<IActionResult> OnPostAttendAsync(string token, int sessionId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        if (Rows.All(r => r.Sessions.All(s => s.Id != sessionId))) return NotFound();
        Notice = await attendance.WithdrawExcuseAsync(sessionId, Person.Id, cancellationToken)
            ? t["欠席のご連絡を取り消しました。お待ちしています。"]
            : t["この日の欠席のご連絡は取り消せません。お電話でご相談ください。"];
        return RedirectToPage("/My/Index", null, new { token }, $"session-{sessionId}");
    }

    public Person Person { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    /// <summary>Places on waiting lists, counted from 1.</summary>
    public IReadOnlyDictionary<int, int> WaitlistPlaces { get; private set; } = new Dictionary<int, int>();
    [BindProperty(SupportsGet = true)] public int? Done { get; set; }
    [BindProperty(SupportsGet = true)] public int? Cancel { get; set; }
    [BindProperty(SupportsGet = true)] public int? Cancelled { get; set; }
    public string Token { get; private set; } = "";
    public IReadOnlyDictionary<EmailCategory, bool> Mail { get; private set; } = new Dictionary<EmailCategory, bool>();
    [BindProperty(SupportsGet = true)] public bool MailSaved { get; set; }
    /// <summary>The kinds of optional mail ticked on the form; those not ticked are turned off.</summary>
    [BindProperty] public List<EmailCategory> Wanted { get; set; } = [];

    public record Row(Registration Registration, Course Course, IReadOnlyList<Session> Sessions, SiteClock Clock)
    {
        public bool IsActive => Registration.Status != RegistrationStatus.Cancelled;
        public bool IsPast => Sessions.Count > 0 && Sessions[^1].EndsAt < Clock.UtcNow;
        /// <summary>Sessions of the run already over when the booking was made: said plainly, not left to be guessed.</summary>
        public IReadOnlyList<Session> HeldBeforeBooking => Sessions
            .Where(s => s.Status == SessionStatus.Scheduled && s.EndsAt <= Registration.RegisteredAt).ToList();
    }

    /// <summary>The link matched nobody (mistyped, guessed, or from a record since removed): a page that says how to get a new one.</summary>
    public bool Lost { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            Lost = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            Response.Headers["X-Robots-Tag"] = "noindex";
            return Page();
        }
        // No search engine or shared proxy should keep a page reached by a secret link.
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string token, int registrationId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        if (Rows.All(r => r.Registration.Id != registrationId)) return NotFound();
        await registrations.CancelAsync(registrationId, "本人がウェブでキャンセル", cancellationToken: cancellationToken);
        return RedirectToPage("/My/Index", new { token, cancelled = registrationId });
    }

    /// <summary>「次の回も申し込む」「これから毎回参加する」: a booking of one session of a club extended from the resident's page.</summary>
    public async Task<IActionResult> OnPostExtendAsync(string token, int registrationId, bool everyTime, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        if (Rows.All(r => r.Registration.Id != registrationId)) return NotFound();
        Notice = await registrations.ExtendAsync(registrationId, everyTime, cancellationToken) switch
        {
            RegistrationOutcome.Confirmed => everyTime ? t["これから毎回のお申し込みにしました。"] : t["次の回のお申し込みを受け付けました。"],
            RegistrationOutcome.SessionFull => t["次の回は満席です。予定表からキャンセル待ちで申し込むか、お電話でご相談ください。"],
            _ => t["申し込める次の回がありません。"],
        };
        return RedirectToPage("/My/Index", null, new { token }, $"booking-{registrationId}");
    }

    /// <summary>「この日からやめる」: a club booked every time, ended before a chosen day; the days before it stay booked.</summary>
    public async Task<IActionResult> OnPostStopAsync(string token, int registrationId, int firstDropped, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        if (Rows.All(r => r.Registration.Id != registrationId)) return NotFound();
        Notice = await registrations.StopFromAsync(registrationId, firstDropped, cancellationToken)
            ? t["その日からのお申し込みを取り消しました。それより前の日は、そのまま参加できます。"]
            : t["やめる日を選び直してください。すべて取り消すときは「やめる」を押してください。"];
        return RedirectToPage("/My/Index", null, new { token }, $"booking-{registrationId}");
    }

    /// <summary>The next session a booking of one session could be extended to, if any.</summary>
    public Session? NextFor(Row row) => row.Registration is { Status: RegistrationStatus.Confirmed, UntilSession: { } until }
        ? NextSessions.Where(s => s.CourseId == row.Course.Id && s.SequenceNumber > until).MinBy(s => s.SequenceNumber)
        : null;

    private IReadOnlyList<Session> NextSessions { get; set; } = [];

    public async Task<IActionResult> OnPostMailAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        foreach (var category in EmailPreferences.Optional)
            await preferences.SetAsync(Person.Id, category, Wanted.Contains(category), ContactChannel.Web, cancellationToken: cancellationToken);
        return RedirectToPage("/My/Index", null, new { token, mailSaved = "true" }, "mail");
    }

    /// <summary>The active leaders of the groups the resident is booked with now; none: nobody to give the number to.</summary>
    public IReadOnlyList<string> Leaders { get; private set; } = [];
    /// <summary>The resident's latest answer about giving their phone number to the leaders, and when; null: never asked.</summary>
    public Consent? LeaderSharing { get; private set; }
    /// <summary>What 「知らせてよい」「知らせるのをやめる」 did, said beside the question.</summary>
    [TempData] public string? LeaderNotice { get; set; }
    /// <summary>The question is shown to those booked with a led group, and to anyone who said yes (so they can withdraw it).</summary>
    public bool AsksLeaderSharing => Leaders.Count > 0 || LeaderSharing is { Granted: true };

    /// <summary>「知らせてよい」「知らせるのをやめる」: the resident's own answer about the leaders, a dated consent each time.</summary>
    public async Task<IActionResult> OnPostLeaderSharingAsync(string token, bool share, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        // A yes needs someone to give the number to; a no is always taken.
        if (share && Leaders.Count == 0) return NotFound();
        await consents.RecordOwnConsentAsync(Person.Id, ConsentPurpose.SharingWithGroupLeader, share, PersonContacts.LeaderSharingWording(Leaders), ContactChannel.Web,
            cancellationToken);
        LeaderNotice = share ? t["電話番号を集まりのリーダーに知らせてよい、とうけたまわりました。"]
            : t["電話番号を集まりのリーダーに知らせるのをやめました。リーダーの画面には、もう出ません。"];
        return RedirectToPage("/My/Index", null, new { token }, "leader-phone");
    }

    /// <summary>「LINEで受け取る」: shown only when the city has a LINE official account (Line settings).</summary>
    public bool LineOffered => lineLinks.Options.IsConfigured;
    public string? LineAddFriendUrl => lineLinks.Options.AddFriendUrl;
    /// <summary>The resident's LINE link (a code waiting, linked, or broken); null: never asked for a code.</summary>
    public Training.Notifications.Line.LineLink? Line { get; private set; }
    /// <summary>「LINEの連携を解除する」 pressed: the page asks first.</summary>
    [BindProperty(SupportsGet = true)] public bool UnlinkLine { get; set; }
    [TempData] public string? LineNotice { get; set; }
    /// <summary>The add-friend link as a QR code, for a resident reading this page on a computer.</summary>
    public string LineQr => "data:image/png;base64," + Convert.ToBase64String(Training.Attendance.CheckInPasses.QrPng(LineAddFriendUrl!));

    /// <summary>「番号を出す」「新しい番号を出す」: a one-time code to send to the official account; a new one replaces the old.</summary>
    public async Task<IActionResult> OnPostLineCodeAsync(string token, CancellationToken cancellationToken)
    {
        if (!LineOffered || !await LoadAsync(token, cancellationToken)) return NotFound();
        await lineLinks.IssueCodeAsync(Person.Id, cancellationToken);
        return RedirectToPage("/My/Index", null, new { token }, "line");
    }

    /// <summary>「解除する」 (after the question): notices stop going to LINE.</summary>
    public async Task<IActionResult> OnPostLineUnlinkAsync(string token, CancellationToken cancellationToken)
    {
        if (!LineOffered || !await LoadAsync(token, cancellationToken)) return NotFound();
        LineNotice = await lineLinks.UnlinkAsync(Person.Id, Actor.Resident, cancellationToken)
            ? t["LINEの連携を解除しました。これからのお知らせは、LINEにはお送りしません。"]
            : t["LINEとは連携していません。"];
        return RedirectToPage("/My/Index", null, new { token }, "line");
    }

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.AccessToken == token && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return false;
        Person = person;
        Token = token;
        Mail = await preferences.GetAsync(person.Id, cancellationToken);
        var regs = await db.Registrations.AsNoTracking().Include(r => r.Course!).ThenInclude(c => c.Program).Include(r => r.Course!).ThenInclude(c => c.Organisation)
            .Where(r => r.PersonId == person.Id).ToListAsync(cancellationToken);
        WaitlistPlaces = await Registration.WaitlistPlaces(db.Registrations, regs.Select(r => r.Id), cancellationToken);
        var courseIds = regs.Select(r => r.CourseId).ToList();
        // A session waiting for a coordinator's approval is nobody's yet, whatever a booking "from then on" covers.
        var sessions = await db.Sessions.AsNoTracking().Where(s => courseIds.Contains(s.CourseId)).Where(Session.Published).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        NextSessions = sessions.Where(s => s.Status == SessionStatus.Scheduled && s.EndsAt > clock.UtcNow).ToList();
        Excused = (await db.Attendance.AsNoTracking()
            .Where(a => a.PersonId == person.Id && sessionIds.Contains(a.SessionId) && a.Status == Training.Attendance.AttendanceStatus.ExcusedAbsence)
            .Select(a => a.SessionId).ToListAsync(cancellationToken)).ToHashSet();
        Certificates = await db.Certificates.AsNoTracking().Include(c => c.Program)
            .Where(c => c.PersonId == person.Id).OrderBy(c => c.IssuedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        // A booking of an activity lists only its own sessions, never the months before the resident joined.
        Rows = regs.Select(r => new Row(r, r.Course!, sessions.Where(s => s.CourseId == r.CourseId && r.Covers(s)).ToList(), clock))
            .OrderBy(r => r.IsActive ? 0 : 1).ThenBy(r => r.Sessions.FirstOrDefault()?.StartsAt).ToList();
        Leaders = await groupLeaders.LeaderNamesOfAsync(regs.Where(r => r.Status != RegistrationStatus.Cancelled).Select(r => r.CourseId).ToList(), cancellationToken);
        if (LineOffered) Line = await lineLinks.OfAsync(person.Id, cancellationToken);
        Notices = await noticeRouter.ChoiceAsync(person, cancellationToken);
        LeaderSharing = await db.Consents.AsNoTracking().Where(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithGroupLeader)
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        ActivityRecords = await db.ActivityRecords.AsNoTracking().Where(r => r.PersonId == person.Id).OrderByDescending(r => r.StartsAt).ThenByDescending(r => r.Id).Take(60)
            .Select(r => new MyRecord(r.Id, r.LocalActivity!.Name, r.Date, r.StartTime, r.Minutes, r.Visits, r.Status, r.CancelledAt != null)).ToListAsync(cancellationToken);
        RecordActivities = (await Training.Activities.ActivityRecords.OfferedTo(db, person.Id, person.AreaId).Where(a => a.IsActive)
                .OrderBy(a => a.NameKana).ThenBy(a => a.Id).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken))
            .Select(a => (a.Id, a.Name)).ToList();
        return true;
    }
}

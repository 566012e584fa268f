using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Text;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Sessions;

/// <summary>
/// Taking attendance on a tablet: everyone registered in furigana order, one tap per person, saved at once. The roster
/// is one form without JavaScript: a tap sends that row's mark and every row's memo, so a memo typed on one row is saved
/// whichever button is tapped next, and a dropped connection loses only that tap.
/// </summary>
public class RosterModel(Microsoft.Extensions.Options.IOptions<Training.Configuration.AttendanceOptions> attendanceOptions,
    Microsoft.Extensions.Options.IOptions<Training.Configuration.CertificateOptions> certificateOptions, TrainingDbContext db, StaffScope scope, SiteClock clock,
    AttendanceService attendance, SessionRoster roster, CompletionService completions, Training.Certificates.CertificateIssuer certificates, IStringLocalizer<SharedResource> t) : PageModel
{
    public Session Session { get; private set; } = null!;
    public IReadOnlyList<RosterRow> Rows { get; private set; } = [];
    public SiteClock Clock => clock;
    public bool CanRecord { get; private set; }
    /// <summary>When marks may first be taken (local time).</summary>
    public DateTime MarksOpenAt { get; private set; }
    [TempData] public string? Message { get; set; }
    [TempData] public string? Warning { get; set; }
    /// <summary>What became of the memos sent with 「まだの人を全員出席」, shown on its confirmation (not kept for the next page).</summary>
    public string? MemoMessage { get; private set; }
    public string? MemoWarning { get; private set; }
    /// <summary>Memos written before a person's mark (<see cref="RosterNote"/>), by person.</summary>
    public IReadOnlyDictionary<int, string> WrittenNotes { get; private set; } = new Dictionary<int, string>();
    /// <summary>The memo a row shows: its mark's note, or one written before the mark.</summary>
    public string? MemoOf(RosterRow row) => row.Record is { } record ? record.Note : WrittenNotes.GetValueOrDefault(row.Person.Id);
    [BindProperty] public WalkInInput WalkIn { get; set; } = new();
    [BindProperty] public bool Confirmed { get; set; }
    /// <summary>Who "everyone else present" would mark, shown for confirmation.</summary>
    public IReadOnlyList<Person>? ConfirmEveryone { get; private set; }
    /// <summary>Of those, who would complete the course with this mark, and how their certificate reaches them.</summary>
    public EveryoneConsequences? Consequences { get; private set; }

    /// <param name="SendFrom">Local time the certificates go out at the earliest (after the hold); null: after the run's last session.</param>
    public record EveryoneConsequences(IReadOnlyList<Person> Completing, IReadOnlyList<Person> Emailed, IReadOnlyList<Person> HandedOver, bool IssuesCertificate,
        DateTime? SendFrom);

    /// <summary>Someone at the door: a name, its reading and perhaps a phone number (<see cref="PersonInput"/>).</summary>
    public class WalkInInput : PersonInput;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    /// <summary>
    /// The roster is one form: whichever button is tapped — a row's mark, a memo's 「保存」, or the page's 「メモを保存する」 —
    /// sends every row's memo, and every memo changed on the page is saved with it (<see cref="AttendanceService.RecordRosterAsync"/>).
    /// </summary>
    /// <param name="mark">The tapped mark, as mark[personId]=status (only the tapped button is sent).</param>
    /// <param name="seen">Each row's record version the screen showed.</param>
    /// <param name="memo">Each row's memo as it is in the box now.</param>
    /// <param name="shown">Each row's memo as the screen showed it.</param>
    /// <param name="save">The row whose 「保存」 was tapped, to scroll back to.</param>
    public async Task<IActionResult> OnPostMarkAsync(int id, Dictionary<int, AttendanceStatus>? mark, Dictionary<int, int>? seen,
        Dictionary<int, string?>? memo, Dictionary<int, string?>? shown, int? save, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var tap = mark is { Count: 1 } ? mark.Single() : (KeyValuePair<int, AttendanceStatus>?)null;
        var result = await attendance.RecordRosterAsync(id, tap is { } row ? new RosterTap(row.Key, row.Value, seen?.GetValueOrDefault(row.Key) ?? 0) : null,
            Memos(memo, shown), scope.UserId, cancellationToken);
        var messages = new List<string>();
        var warnings = new List<string>();
        if (tap is { } tapped && result.Tap is { } outcome)
        {
            var name = NameOf(tapped.Key);
            switch (outcome.Outcome)
            {
                case AttendanceOutcome.Saved or AttendanceOutcome.Unchanged:
                    messages.Add($"{name}：{Label(tapped.Value)}" + outcome.Completion switch
                    {
                        CompletionChange.Completed or CompletionChange.Reinstated => t["（修了しました）"],
                        CompletionChange.AtSessionEnd => t["（この回が終わると修了になります）"],
                        CompletionChange.Withdrawn => t["（修了を取り消しました）"],
                        CompletionChange.FlaggedForReview => t["（修了証が交付済みのため、確認が必要です）"],
                        _ => "",
                    });
                    break;
                case AttendanceOutcome.ChangedByOther:
                    warnings.Add(string.Format(t["{0}さんの出欠は、ほかの職員が先に「{1}」にしました。変えるときは、もう一度押してください。"], name, Label(outcome.Record!.Status)));
                    break;
                default:
                    warnings.Add(Labels.AttendanceRefusal(t, outcome.Outcome));
                    break;
            }
        }
        Tell(result.Memos, messages, warnings);
        Message = messages.Count > 0 ? string.Join(" ", messages) : null;
        Warning = warnings.Count > 0 ? string.Join(" ", warnings) : null;
        var scrollTo = tap?.Key ?? save;
        return Redirect(Training.Configuration.SiteLinks.StaffRoster(id) + (scrollTo is { } at ? $"#person-{at}" : ""));
    }

    /// <summary>The memos the roster sent, row by row.</summary>
    private static List<RosterMemo> Memos(Dictionary<int, string?>? memo, Dictionary<int, string?>? shown) =>
        (memo ?? []).Select(m => new RosterMemo(m.Key, shown?.GetValueOrDefault(m.Key), m.Value)).ToList();

    /// <summary>Says which memos were saved and quotes any a colleague had changed meanwhile, so nothing typed is lost.</summary>
    private void Tell(RosterMemos memos, List<string> messages, List<string> warnings)
    {
        if (memos.Saved.Count > 0)
            messages.Add(string.Format(t["メモを保存しました（{0}）。"], string.Join("、", memos.Saved.Select(m => NameOf(m.PersonId)))));
        foreach (var other in memos.ChangedByOther)
            warnings.Add(string.Format(t["{0}さんのメモは、ほかの職員が先に変えたため保存していません。入力したメモ：「{1}」"], NameOf(other.PersonId), RosterMemo.Clean(other.Typed) ?? ""));
        if (memos.Outcome is not (AttendanceOutcome.Saved or AttendanceOutcome.Unchanged)) warnings.Add(Labels.AttendanceRefusal(t, memos.Outcome));
    }

    private string NameOf(int personId) => Rows.FirstOrDefault(r => r.Person.Id == personId)?.Person.FullName ?? "";

    /// <summary>
    /// 「まだの人を全員出席」 and its confirmation are buttons of the roster's form too: the memos typed on the page are saved
    /// first, so asking for the confirmation loses none of them.
    /// </summary>
    public async Task<IActionResult> OnPostEveryoneAsync(int id, Dictionary<int, string?>? memo, Dictionary<int, string?>? shown, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var memos = await attendance.SaveMemosAsync(id, Memos(memo, shown), scope.UserId, cancellationToken);
        if (memos.Saved.Count > 0 || memos.ChangedByOther.Count > 0)
        {
            List<string> messages = [], warnings = [];
            Tell(memos, messages, warnings);
            (MemoMessage, MemoWarning) = (messages.Count > 0 ? string.Join(" ", messages) : null, warnings.Count > 0 ? string.Join(" ", warnings) : null);
            await LoadAsync(id, cancellationToken);
        }
        if (!CanRecord) { Warning = Labels.AttendanceRefusal(t, AttendanceOutcome.FutureSession); return Redirect(Training.Configuration.SiteLinks.StaffRoster(id)); }
        if (!Confirmed)
        {
            // One tap would credit several people at once: say how many, and who, before doing it.
            var unmarked = await attendance.UnmarkedAsync(id, cancellationToken);
            ConfirmEveryone = Rows.Where(r => unmarked.Contains(r.Person.Id)).Select(r => r.Person).ToList();
            // ...and what follows: who completes with it, and who is sent a certificate, and when.
            var completing = await completions.CompletedIfPresentAsync(id, unmarked, cancellationToken);
            if (completing.Count > 0)
            {
                var people = ConfirmEveryone.Where(p => completing.Contains(p.Id)).ToList();
                var emailed = await certificates.EmailedToAsync(completing, cancellationToken);
                var program = Session.Course!.Program!;
                var lastSession = !await db.Sessions.AnyAsync(s => s.CourseId == Session.CourseId && s.Status != SessionStatus.Cancelled && s.StartsAt > Session.StartsAt, cancellationToken);
                DateTime? sendFrom = program.CertificateDue(runIsOver: lastSession)
                    ? clock.ToLocal(certificateOptions.Value.HoldEndsAt(Session.EndsAt > clock.UtcNow ? Session.EndsAt : clock.UtcNow, clock))
                    : null;
                Consequences = new EveryoneConsequences(people, people.Where(p => emailed.Contains(p.Id)).ToList(),
                    people.Where(p => !emailed.Contains(p.Id)).ToList(), program.IssuesCertificate, sendFrom);
            }
            return Page();
        }
        var count = await attendance.MarkEveryonePresentAsync(id, scope.UserId, cancellationToken);
        Message = string.Join(" ", new[] { MemoMessage, string.Format(t["まだ記録のなかった{0}人を出席にしました。"], count) }.OfType<string>());
        Warning = MemoWarning;
        return Redirect(Training.Configuration.SiteLinks.StaffRoster(id));
    }

    public async Task<IActionResult> OnPostWalkInAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (!ModelState.IsValid) return Page();
        var result = await attendance.AddWalkInAsync(id, WalkIn, scope.UserId, cancellationToken);
        foreach (var problem in result.Problems) ModelState.AddModelError($"WalkIn.{problem.Field}", t[problem.Message]);
        if (!ModelState.IsValid) return Page();
        (Message, Warning) = Labels.WalkIn(t, result);
        return Redirect(Training.Configuration.SiteLinks.StaffRoster(id));
    }

    public string Label(AttendanceStatus status) => Labels.Attendance(t, status);

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course!).ThenInclude(c => c.Program).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null) return NotFound();
        if (!await scope.AllowsAsync(session.Course!.AreaId, cancellationToken)) return Forbid();
        Session = session;
        CanRecord = session.TakesMarksAt(clock.UtcNow, attendanceOptions.Value.MarksOpenBefore);
        MarksOpenAt = clock.ToLocal(session.StartsAt - attendanceOptions.Value.MarksOpenBefore);

        Rows = await roster.RowsAsync(session, RosterReader.Staff, cancellationToken);
        WrittenNotes = await roster.WrittenNotesAsync(id, cancellationToken);
        return null;
    }
}

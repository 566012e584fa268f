using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Courses;
using Training.Leaders;
using Training.People;
using Training.Time;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead;

/// <summary>
/// A group leader takes attendance at their group's session on a tablet: the same roster as a coordinator's
/// (<see cref="SessionRoster"/>), one tap per person saved at once, and someone at the door added as a walk-in — through
/// the coordinators' own service (<see cref="AttendanceService"/>), which keeps the rules (not before the session
/// opens, not when cancelled) and audits each change with the leader as the actor. Only names and furigana are shown.
/// Every request asks <see cref="LeaderScope.SessionAsync"/> for the id, so another group's session is refused.
/// </summary>
public class RosterModel(LeaderScope scope, SessionRoster roster, AttendanceService attendance, SiteClock clock, IOptions<AttendanceOptions> attendanceOptions,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    public Session Session { get; private set; } = null!;
    public IReadOnlyList<RosterRow> Rows { get; private set; } = [];
    public SiteClock Clock => clock;
    public bool CanRecord { get; private set; }
    /// <summary>When marks may first be taken (local time).</summary>
    public DateTime MarksOpenAt { get; private set; }
    [TempData] public string? Message { get; set; }
    [TempData] public string? Warning { get; set; }
    [BindProperty] public WalkInInput WalkIn { get; set; } = new();

    /// <summary>Someone at the door: a name, its reading and perhaps a phone number (<see cref="PersonInput"/>).</summary>
    public class WalkInInput : PersonInput;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    /// <param name="mark">The tapped mark, as mark[personId]=status (only the tapped button is sent).</param>
    /// <param name="seen">Each row's record version the screen showed.</param>
    public async Task<IActionResult> OnPostMarkAsync(int id, Dictionary<int, AttendanceStatus>? mark, Dictionary<int, int>? seen, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused) return refused;
        if (mark is not { Count: 1 }) return RedirectToPage(new { id });
        var (personId, status) = mark.Single();
        var result = await attendance.RecordRosterAsync(id, new RosterTap(personId, status, seen?.GetValueOrDefault(personId) ?? 0), [], scope.UserId, cancellationToken);
        var name = Rows.FirstOrDefault(r => r.Person.Id == personId)?.Person.FullName ?? "";
        switch (result.Tap!.Outcome)
        {
            case AttendanceOutcome.Saved or AttendanceOutcome.Unchanged:
                Message = $"{name}：{Labels.Attendance(t, status)}";
                break;
            case AttendanceOutcome.ChangedByOther:
                // Said for the leader: whoever came first may be the coordinator or another of the group's leaders.
                Warning = string.Format(t["{0}さんの出欠は、あなたより先にほかの方が「{1}」にしていました。変えるときは、もう一度押してください。"], name, Labels.Attendance(t, result.Tap.Record!.Status));
                break;
            default:
                Warning = Labels.AttendanceRefusal(t, result.Tap.Outcome);
                break;
        }
        return RedirectToPage(null, null, new { id }, $"person-{personId}");
    }

    public async Task<IActionResult> OnPostWalkInAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused) return refused;
        if (!ModelState.IsValid) return Page();
        var result = await attendance.AddWalkInAsync(id, WalkIn, scope.UserId, cancellationToken);
        foreach (var problem in result.Problems) ModelState.AddModelError($"WalkIn.{problem.Field}", t[problem.Message]);
        if (!ModelState.IsValid) return Page();
        (Message, Warning) = Labels.WalkIn(t, result);
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (group, session, refusal) = await scope.SessionAsync(id, cancellationToken);
        if (refusal is not null) return refusal;
        Group = group!;
        Session = session!;
        // The session's own rule, as the staff roster asks it.
        CanRecord = Session.TakesMarksAt(clock.UtcNow, attendanceOptions.Value.MarksOpenBefore);
        MarksOpenAt = clock.ToLocal(Session.StartsAt - attendanceOptions.Value.MarksOpenBefore);
        Rows = await roster.RowsAsync(Session, RosterReader.GroupLeader, cancellationToken);
        return null;
    }
}

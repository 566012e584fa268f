using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff;

/// <summary>
/// A coordinator scans a participant's QR code with any phone camera and lands here (signed in): one button records
/// the participant present at today's session. Forged, altered, expired and already-used codes are refused.
/// </summary>
public class CheckInModel(TrainingDbContext db, CheckInCodes codes, AttendanceService attendance, StaffScope scope, SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public string? Problem { get; private set; }
    public string? Done { get; private set; }
    public Registration? Registration { get; private set; }
    public Session? Session { get; private set; }
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        await LoadAsync(code, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken)) return Page();
        var result = await attendance.RecordAsync(Session!.Id, Registration!.PersonId, AttendanceStatus.Present, 0, scope.UserId, AttendanceSource.QrCode,
            cancellationToken: cancellationToken);
        if (result.Outcome == AttendanceOutcome.Saved)
            Done = string.Format(t["{0}さんを出席にしました。"], Registration.Person!.FullName);
        else
            Problem = result.Outcome == AttendanceOutcome.ChangedByOther ? t["この方はすでに受付済みです。"] : t["この回の出欠は記録できません。"];
        return Page();
    }

    private async Task<bool> LoadAsync(string code, CancellationToken cancellationToken)
    {
        var (check, registrationId) = codes.Read(code);
        if (check != CheckInCodeCheck.Valid)
        {
            Problem = check == CheckInCodeCheck.Expired ? t["このQRコードは期限切れです。"] : t["このQRコードは正しくありません。"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return false;
        }
        Registration = await db.Registrations.AsNoTracking().Include(r => r.Person).Include(r => r.Course!).ThenInclude(c => c.Program)
            .FirstOrDefaultAsync(r => r.Id == registrationId && r.Status == RegistrationStatus.Confirmed, cancellationToken);
        if (Registration is null) { Problem = t["この申し込みは取り消されています。"]; return false; }
        if (!await scope.AllowsAsync(Registration.Course!.AreaId, cancellationToken)) { Problem = t["このページを見る権限がありません。"]; return false; }
        var today = clock.Today;
        var dayStart = clock.StartOfDayUtc(today);
        var dayEnd = clock.StartOfDayUtc(today.AddDays(1));
        Session = await db.Sessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.CourseId == Registration.CourseId && s.Status == SessionStatus.Scheduled && s.StartsAt >= dayStart && s.StartsAt < dayEnd, cancellationToken);
        if (Session is null) { Problem = t["この講座の今日の回はありません。"]; return false; }
        if (await db.Attendance.AnyAsync(a => a.SessionId == Session.Id && a.PersonId == Registration.PersonId, cancellationToken))
        {
            // A code shown twice for the same session is a replay: nothing more is recorded.
            Problem = t["この方はすでに受付済みです。"];
            return false;
        }
        return true;
    }
}

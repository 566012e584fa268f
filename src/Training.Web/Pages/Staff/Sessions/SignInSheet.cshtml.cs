using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Sessions;

/// <summary>Downloads the printable sign-in sheet (出席簿) for one session; a cancelled session's page says there is none.</summary>
public class SignInSheetModel(TrainingDbContext db, StaffScope scope, SessionRoster roster, SiteClock clock) : PageModel
{
    public Session Session { get; private set; } = null!;
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course!).ThenInclude(c => c.Program).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null) return NotFound();
        if (!await scope.AllowsAsync(session.Course!.AreaId, cancellationToken)) return Forbid();
        Session = session;
        var bytes = await roster.SignInSheetAsync(session, scope.Actor, RosterReader.Staff, cancellationToken);
        return bytes is null ? Page() : File(bytes, "application/pdf", $"sign-in-sheet-{session.Id}.pdf");
    }
}

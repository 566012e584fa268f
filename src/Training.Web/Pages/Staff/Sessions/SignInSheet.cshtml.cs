using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Data;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Sessions;

/// <summary>Downloads the printable sign-in sheet (出席簿) for one session.</summary>
public class SignInSheetModel(TrainingDbContext db, StaffScope scope, SiteClock clock, SignInSheetPdf pdf, StaffAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course!).ThenInclude(c => c.Program).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null) return NotFound();
        if (!await scope.AllowsAsync(session.Course!.AreaId, cancellationToken)) return Forbid();
        // Everyone the roster lists: booked for this session (whenever), and anyone recorded at it (walk-ins, make-ups).
        var booked = Registration.OnRosterOf(db.Registrations.AsNoTracking(), session).Select(r => r.PersonId);
        var recorded = db.Attendance.AsNoTracking().Where(a => a.SessionId == id).Select(a => a.PersonId);
        var people = await db.People.AsNoTracking().Where(p => booked.Contains(p.Id) || recorded.Contains(p.Id))
            .OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id)
            .Select(p => new { p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana,
                Note = db.Attendance.Where(a => a.SessionId == id && a.PersonId == p.Id).Select(a => a.Note).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var lines = people.Select(p => new SignInSheetLine($"{p.FamilyNameKana} {p.GivenNameKana}".Trim(), $"{p.FamilyName} {p.GivenName}".Trim(), p.Note)).ToList();
        var bytes = pdf.Render(session.Course.Program!.Name, session.Course.Title, session.SequenceNumber, clock.ToLocal(session.StartsAt),
            clock.ToLocal(session.EndsAt), session.EffectiveVenue, lines);
        await audit.RecordAsync(Training.Audit.AuditAction.PrintSignInSheet, Training.Audit.AuditTarget.Of(session, $"{session.Course.Program!.Name} {session.Course.Title}", Display.Date(clock.ToLocal(session.StartsAt))),
            $"{lines.Count} people", cancellationToken);
        return File(bytes, "application/pdf", $"sign-in-sheet-{session.Id}.pdf");
    }
}

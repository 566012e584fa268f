using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Reports;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>
/// A course's participants as CSV (UTF-8 with BOM, for Excel) or XLSX, in furigana order — for the courses the staff
/// member may see, and recorded in the audit log as a copy of personal data.
/// </summary>
public class ParticipantsModel(TrainingDbContext db, StaffScope scope, ParticipantExport export) : PageModel
{
    /// <summary>Whether cancelled bookings are listed too (marked 取り消し).</summary>
    [BindProperty(SupportsGet = true)] public bool IncludeCancelled { get; set; }
    public Course Course { get; private set; } = null!;
    public int Booked { get; private set; }
    public int Waiting { get; private set; }
    public int Cancelled { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var counts = await db.Registrations.AsNoTracking().Where(r => r.CourseId == id && r.Person!.AnonymisedAt == null)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        Booked = counts.Where(c => c.Key == Training.Registrations.RegistrationStatus.Confirmed).Sum(c => c.Count);
        Waiting = counts.Where(c => c.Key == Training.Registrations.RegistrationStatus.Waitlisted).Sum(c => c.Count);
        Cancelled = counts.Where(c => c.Key == Training.Registrations.RegistrationStatus.Cancelled).Sum(c => c.Count);
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(int id, CancellationToken cancellationToken) => FileAsync(id, ParticipantFormat.Csv, cancellationToken);

    public Task<IActionResult> OnGetXlsxAsync(int id, CancellationToken cancellationToken) => FileAsync(id, ParticipantFormat.Xlsx, cancellationToken);

    private async Task<IActionResult> FileAsync(int id, ParticipantFormat format, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var file = await export.ExportAsync(id, format, IncludeCancelled, scope.Actor, cancellationToken);
        return file is null ? NotFound() : File(file.Content, file.ContentType, file.FileName);
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal;
        Course = course;
        return null;
    }
}

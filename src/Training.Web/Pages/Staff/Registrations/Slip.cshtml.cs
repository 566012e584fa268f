using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Registrations;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Registrations;

/// <summary>
/// A booking exactly as the resident should hear it: what staff read aloud at the end of a phone booking, and the
/// slip they print to post or hand over (the resident has no email).
/// </summary>
public class SlipModel(TrainingDbContext db, StaffScope scope, BookingSlips slips, StaffAudit audit) : PageModel
{
    public BookingSlip Slip { get; private set; } = null!;
    public int PersonId { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var booking = await db.Registrations.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.PersonId, r.Course!.AreaId, r.CourseId, r.Course.Title, r.Person!.FamilyName, r.Person.GivenName }).FirstOrDefaultAsync(cancellationToken);
        if (booking is null || await slips.ForAsync(id, cancellationToken) is not { } slip) return NotFound();
        if (!await scope.AllowsAsync(booking.AreaId, cancellationToken)) return Forbid();
        (Slip, PersonId) = (slip, booking.PersonId);
        await audit.RecordAsync(Training.Audit.AuditAction.ViewBookingSlip, Training.Audit.AuditTarget.OfBooking(id, booking.PersonId, $"{booking.FamilyName} {booking.GivenName}".Trim(),
            booking.CourseId, booking.Title), slip.BookingNumber, cancellationToken);
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.People;
using Training.Text;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.People;

/// <summary>Finds residents by name, furigana (any width, katakana or hiragana, variant kanji) or phone number.</summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, PeopleDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<Person> People { get; private set; } = [];
    public int DuplicateGroups { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // A booking number read out on the phone finds its person at once.
        if (Training.Registrations.BookingNumber.Parse(Q) is { } registrationId
            && await db.Registrations.AsNoTracking().Where(r => r.Id == registrationId).Select(r => new { r.PersonId, r.Person!.AnonymisedAt })
                .FirstOrDefaultAsync(cancellationToken) is { AnonymisedAt: null } booked
            && await scope.ReachesAsync(booked.PersonId, cancellationToken))
            return Redirect($"/Staff/People/{booked.PersonId}#booking-{registrationId}");
        var people = await scope.ReachableAsync(db.People.AsNoTracking().Include(p => p.Area).Where(p => p.AnonymisedAt == null), cancellationToken);
        People = !string.IsNullOrWhiteSpace(Q) && Q.Length <= 100
            ? await directory.SearchAsync(people, Q.Trim(), 200, cancellationToken)
            : await people.OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id).Take(200).ToListAsync(cancellationToken);
        DuplicateGroups = await people.GroupBy(p => p.SearchKey).CountAsync(g => g.Count() > 1, cancellationToken);
        return Page();
    }
}

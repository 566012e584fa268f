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

/// <summary>One resident: contact details, every registration, and records that may be the same person, with a merge.</summary>
public class DetailsModel(TrainingDbContext db, StaffScope scope, PeopleDirectory directory, PersonMerger merger, SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public Person Person { get; private set; } = null!;
    public IReadOnlyList<Registration> Registrations { get; private set; } = [];
    public IReadOnlyList<Person> Duplicates { get; private set; } = [];
    public SiteClock Clock => clock;
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostMergeAsync(int id, int duplicateId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var duplicate = Duplicates.FirstOrDefault(d => d.Id == duplicateId);
        if (duplicate is null) return NotFound();
        await merger.MergeAsync(id, duplicateId, scope.UserId, scope.User.Identity?.Name ?? "", cancellationToken);
        Message = string.Format(t["{0}（{1}）の記録をこの方に統合しました。"], duplicate.FullName, duplicate.FullNameKana);
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().Include(p => p.Area).FirstOrDefaultAsync(p => p.Id == id && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return NotFound();
        if (!await scope.AllowsAsync(person.AreaId, cancellationToken)) return Forbid();
        Person = person;
        Registrations = await db.Registrations.AsNoTracking().Include(r => r.Course!).ThenInclude(c => c.Program)
            .Where(r => r.PersonId == id).OrderByDescending(r => r.RegisteredAt).ToListAsync(cancellationToken);
        Duplicates = await directory.PossibleDuplicatesAsync(id, cancellationToken);
        return null;
    }
}

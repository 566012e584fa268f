using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.People;

/// <summary>
/// Merging two records of one person, which cannot be undone: both records side by side — names, furigana, contacts,
/// district, bookings, attendance, certificates — saying which one survives (with a way to keep the other instead) and
/// what happens to the contacts. Nothing is merged until the confirming post. Only records this staff member may see,
/// offered as possible duplicates of each other, can be compared; records of two districts are merged by an administrator.
/// </summary>
public class MergeModel(TrainingDbContext db, StaffScope scope, PeopleDirectory directory, PersonMerger merger, SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>One record as the comparison shows it.</summary>
    public sealed record Side(Person Person, int Bookings, int Attendances, int Certificates, int Completions);

    /// <summary>The record that stays.</summary>
    public Side Keep { get; private set; } = null!;
    /// <summary>The record merged into <see cref="Keep"/>, which then no longer exists.</summary>
    public Side Other { get; private set; } = null!;
    /// <summary>Contacts only <see cref="Other"/> holds: left as a change to confirm with the person, never copied.</summary>
    public ContactChangeRequest? LeavesContacts { get; private set; }
    /// <summary>Records of two different districts move a person between them: an administrator's decision.</summary>
    public bool MayMerge { get; private set; }
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, int otherId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, otherId, cancellationToken) is { } refused) return refused;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int otherId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, otherId, cancellationToken) is { } refused) return refused;
        if (!MayMerge)
        {
            TempData["Message"] = t["地区の違う記録の統合は、管理者が行います。"].Value;
            return RedirectToPage("Details", new { id });
        }
        await merger.MergeAsync(id, otherId, scope.UserId, scope.User.Identity?.Name ?? "", cancellationToken);
        TempData["Message"] = string.Format(t["{0}（{1}）の記録をこの方に統合しました。"], Other.Person.FullName, Other.Person.FullNameKana)
            + (LeavesContacts is null ? "" : t["統合した記録の連絡先は、ご本人に確かめるまで移していません（「連絡先の変更の申し出」）。"].Value);
        return RedirectToPage("Details", new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, int otherId, CancellationToken cancellationToken)
    {
        var keep = await db.People.AsNoTracking().Include(p => p.Area).FirstOrDefaultAsync(p => p.Id == id && p.AnonymisedAt == null, cancellationToken);
        if (keep is null || id == otherId) return NotFound();
        if (!await scope.AllowsAsync(keep.AreaId, cancellationToken)) return Forbid();
        if (!await db.People.AnyAsync(p => p.Id == otherId, cancellationToken))
        {
            // Merged already (by a colleague, or by this form sent twice): nothing more to do.
            TempData["Message"] = t["もう一方の記録は、すでに統合されているか削除されています。"].Value;
            return RedirectToPage("Details", new { id });
        }
        // Only a record offered as a possible duplicate, among those this staff member may see, can be merged in.
        var offered = await directory.PossibleDuplicatesAsync(id, await scope.AreaIdsAsync(cancellationToken), cancellationToken);
        if (offered.All(p => p.Id != otherId)) return NotFound();
        var other = await db.People.AsNoTracking().Include(p => p.Area).FirstAsync(p => p.Id == otherId, cancellationToken);
        Keep = await SideAsync(keep, cancellationToken);
        Other = await SideAsync(other, cancellationToken);
        MayMerge = scope.IsAdmin || other.AreaId == keep.AreaId;
        LeavesContacts = ContactChangeRequest.LeftByMerge(keep, other, clock.UtcNow);
        return null;
    }

    private async Task<Side> SideAsync(Person person, CancellationToken cancellationToken) => new(person,
        await db.Registrations.CountAsync(r => r.PersonId == person.Id, cancellationToken),
        await db.Attendance.CountAsync(a => a.PersonId == person.Id, cancellationToken),
        await db.Certificates.CountAsync(c => c.PersonId == person.Id && c.RevokedAt == null, cancellationToken),
        await db.Completions.CountAsync(c => c.PersonId == person.Id, cancellationToken));
}

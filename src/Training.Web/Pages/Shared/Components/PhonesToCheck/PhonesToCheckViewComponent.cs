using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;
using Training.Web.Staff;

namespace Training.Web.Pages.Shared.Components.PhonesToCheck;

/// <summary>
/// Phones a call found wrong (番号違い) and still on record: on a person's page (that person, whoever's call it was),
/// and on the dashboard (everyone whose calls the staff member sees), each with the way to correct or confirm it.
/// </summary>
public class PhonesToCheckViewComponent(CallAttempts attempts, StaffScope scope, TrainingDbContext db) : ViewComponent
{
    public sealed record Model(IReadOnlyList<PhoneToCheck> Phones, IReadOnlyDictionary<string, string> StaffNames, bool OnePerson);

    public async Task<IViewComponentResult> InvokeAsync(int? personId = null)
    {
        var cancellationToken = HttpContext.RequestAborted;
        // The person's own page was allowed already; the dashboard lists what the staff member's calls reach.
        var areas = personId is null ? await scope.AreaIdsAsync(cancellationToken) : [];
        var phones = await attempts.PhonesToCheckAsync(areas, personId, cancellationToken);
        var ids = phones.Select(p => p.StaffUserId).OfType<string>().Distinct().ToList();
        var names = ids.Count == 0 ? new Dictionary<string, string>()
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return View(new Model(phones, names, personId is not null));
    }
}

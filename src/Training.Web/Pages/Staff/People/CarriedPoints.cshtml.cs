using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.People;

/// <summary>
/// A helper's points brought in from earlier ledgers (以前の台帳から), every entry with its year, day, kind and points;
/// one opened (<c>?entry=</c>) to be corrected or cancelled with a reason — audited, and the helper's points derived
/// again since the entries count toward the caps. Only for residents the staff member reaches, and only while the city
/// runs points.
/// </summary>
public class CarriedPointsModel(TrainingDbContext db, StaffScope scope, Training.Activities.Points points, PointCarryovers carryovers, PersonalData personalData,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public Person Person { get; private set; } = null!;
    public IReadOnlyList<CarryoverLine> Lines { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Kinds { get; private set; } = [];
    /// <summary>The entry opened for correction, if any.</summary>
    public CarryoverLine? Open { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Entry { get; set; }
    [BindProperty] public PointCarryoverInput Input { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }
    public bool CancelFailed { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (Open is { } open) Input = new PointCarryoverInput { Date = open.Date, KindId = open.KindId, Points = open.Points, Note = open.Note };
        await personalData.AuditAsync(scope.Actor, Training.Audit.AuditAction.View, id, cancellationToken: cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (Open is null) return NotFound();
        ModelState.Clear();
        var outcome = await carryovers.CorrectAsync(Open.Id, Input, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        return Answer(outcome, id, outcome is CarryoverChange.Saved { Count: 0 } ? t["変わったところはありません。"] : t["直しました。ポイントを計算し直しました。"], false);
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (Open is null) return NotFound();
        ModelState.Clear();
        Input = new PointCarryoverInput { Date = Open.Date, KindId = Open.KindId, Points = Open.Points, Note = Open.Note };
        var outcome = await carryovers.CancelAsync(Open.Id, Reason, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        return Answer(outcome, id, t["取り消しました。ポイントを計算し直しました。"], true);
    }

    private IActionResult Answer(CarryoverChange outcome, int id, LocalizedString saved, bool cancelling)
    {
        switch (outcome)
        {
            case CarryoverChange.NotFound: return NotFound();
            case CarryoverChange.OutOfScope: return Forbid();
            case CarryoverChange.Invalid invalid:
                CorrectionProblems.Show(ModelState, invalid.Problems, t);
                CancelFailed = cancelling;
                return Page();
        }
        Message = saved.Value;
        return RedirectToPage(new { id, entry = (int?)null });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (!await points.EnabledAsync(cancellationToken)) return NotFound();
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return NotFound();
        if (!await scope.ReachesAsync(person.Id, cancellationToken)) return Forbid();
        Person = person;
        Lines = await carryovers.ForPersonAsync(id, cancellationToken);
        Open = Entry is { } entry ? Lines.FirstOrDefault(l => l.Id == entry) : null;
        if (Entry is not null && Open is null) return NotFound();
        Kinds = (await db.ActivityKinds.AsNoTracking().OrderBy(k => k.SortOrder).ThenBy(k => k.Id).Select(k => new { k.Id, k.Name, k.IsActive }).ToListAsync(cancellationToken))
            .Where(k => k.IsActive || k.Id == Open?.KindId).Select(k => (k.Id, k.Name)).ToList();
        return null;
    }
}

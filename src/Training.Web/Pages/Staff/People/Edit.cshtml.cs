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
/// Corrects a person's details: a misspelt name, a new phone or email, a move, a birth year, sex, notes. Refused when
/// someone else saved the person meanwhile (saying what they changed), and held back when the details are another
/// person's on record until staff say whether they are the same person.
/// </summary>
public class EditModel(TrainingDbContext db, StaffScope scope, PersonCorrections corrections, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public PersonInput Input { get; set; } = new();
    /// <summary>The details as the form first showed them: what someone else changed meanwhile is told apart by them.</summary>
    [BindProperty] public PersonInput Original { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    [BindProperty] public DuplicateAnswer Answer { get; set; }

    public Person Person { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public PersonCorrection.Duplicate? Duplicate { get; private set; }
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        Input = PersonInput.From(Person);
        Original = PersonInput.From(Person);
        Version = Person.UpdatedAt.Ticks;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        // Model binding's own complaints (a number in a text field) are replaced by the input model's, in its words.
        ModelState.Clear();
        var actor = scope.Actor;
        var outcome = await corrections.CorrectAsync(id, Input, Original, new DateTime(Version, DateTimeKind.Utc), actor, Answer,
            Areas.Select(a => a.Id).ToList(), await scope.AreaIdsAsync(cancellationToken), scope.IsAdmin, cancellationToken);
        switch (outcome)
        {
            case PersonCorrection.NotFound:
                return NotFound();
            case PersonCorrection.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError($"{nameof(Input)}.{problem.Field}", t[problem.Message]);
                return Page();
            case PersonCorrection.Conflict conflict:
                var fields = string.Join("、", conflict.Fields.Select(f => t[PersonInput.FieldLabels[f]].Value));
                ModelState.AddModelError("", conflict.ChangedBy is null
                    ? string.Format(t["この方の記録は、この画面を開いたあとに変更されました（{0}）。保存していません。最新の内容を確かめてから、もう一度訂正してください。"], fields)
                    : string.Format(t["この方の記録は、この画面を開いたあとに{1}さんが変更しました（{0}）。保存していません。最新の内容を確かめてから、もう一度訂正してください。"], fields, conflict.ChangedBy));
                // The form now starts from what is on record, with this staff member's typing kept in the fields.
                await ReloadVersionAsync(id, cancellationToken);
                return Page();
            case PersonCorrection.Duplicate duplicate:
                Duplicate = duplicate;
                return Page();
            case PersonCorrection.Saved saved:
                TempData["Message"] = saved.Changes.Count == 0 ? t["変更はありませんでした。"].Value
                    : saved.Merged ? t["訂正を保存し、同じ方の記録をこの方に統合しました。"].Value
                    : string.Format(t["訂正を保存しました（{0}）。"], string.Join("、", saved.Changes.Select(c => t[PersonInput.FieldLabels[c.Field]].Value)));
                return RedirectToPage("/Staff/People/Details", new { id });
        }
        throw new InvalidOperationException(outcome.ToString());
    }

    private async Task ReloadVersionAsync(int id, CancellationToken cancellationToken)
    {
        var current = await db.People.AsNoTracking().FirstAsync(p => p.Id == id, cancellationToken);
        Original = PersonInput.From(current);
        Version = current.UpdatedAt.Ticks;
        Person = current;
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().Include(p => p.Area).FirstOrDefaultAsync(p => p.Id == id && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return NotFound();
        if (!await scope.ReachesAsync(person.Id, cancellationToken)) return Forbid();
        Person = person;
        var mine = await scope.AreaIdsAsync(cancellationToken);
        Areas = await db.AreasForCorrectionAsync(mine, person.AreaId, cancellationToken);
        return null;
    }
}

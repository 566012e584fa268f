using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Leaders;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead.Records;

/// <summary>
/// The group leader corrects one record of their group's local activity, or cancels it with a reason, under the
/// coordinators' rules (<see cref="ActivityRecords.CorrectAsync"/>: not in the future, no overlap with the helper's other
/// records). Another activity's record asked by its id is refused (<see cref="LeaderScope.RecordAsync"/>), never shown.
/// </summary>
public class EditModel(TrainingDbContext db, LeaderScope scope, ActivityRecords records, IStringLocalizer<SharedResource> t) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    public ActivityRecord Record { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    [BindProperty] public RecordInput Input { get; set; } = new();
    [BindProperty] public int? Hours { get; set; }
    [BindProperty] public int? MinutesPart { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>Which form failed: the correction or the cancellation.</summary>
    public bool CancelFailed { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        Input = RecordInput.From(Record);
        (Hours, MinutesPart) = RecordInput.Split(Record.Minutes);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        ModelState.Clear();
        Input.Minutes = RecordInput.MinutesOf(Hours, MinutesPart);
        var outcome = await records.CorrectAsync(id, Input, Group.Records!.Value, scope.Actor, cancellationToken);
        return Answer(outcome, outcome is RecordChange.Saved { Fields.Count: 0 } ? t["変わったところはありません。"] : t["記録を直しました。"], false);
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        ModelState.Clear();
        Input = RecordInput.From(Record);
        (Hours, MinutesPart) = RecordInput.Split(Record.Minutes);
        var outcome = await records.CancelAsync(id, Reason, refuse: false, Group.Records!.Value, scope.Actor, cancellationToken);
        return Answer(outcome, t["記録を取り消しました。"], true);
    }

    private IActionResult Answer(RecordChange outcome, LocalizedString saved, bool cancelling)
    {
        switch (outcome)
        {
            case RecordChange.NotFound: return NotFound();
            case RecordChange.OutOfScope: return Forbid();
            case RecordChange.Invalid invalid:
                foreach (var problem in invalid.Problems)
                    ModelState.AddModelError(problem.Field switch { "" => "", "Reason" => nameof(Reason), var f => $"Input.{f}" }, t[problem.Message]);
                CancelFailed = cancelling;
                return Page();
        }
        TempData["Message"] = saved.Value;
        return RedirectToPage("/Lead/Records/Index");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (group, record, refusal) = await scope.RecordAsync(id, cancellationToken);
        if (refusal is not null) return refusal;
        (Group, Record) = (group!, record!);
        PersonName = await db.People.AsNoTracking().Where(p => p.Id == Record.PersonId).Select(p => p.FamilyName + " " + p.GivenName).FirstAsync(cancellationToken);
        return null;
    }
}

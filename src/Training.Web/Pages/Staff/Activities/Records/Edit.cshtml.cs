using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities.Records;

/// <summary>Corrects one activity record (audited with the fields changed) or cancels it with a reason; only within the staff member's districts.</summary>
public class EditModel(TrainingDbContext db, StaffScope scope, ActivityRecords records, IStringLocalizer<SharedResource> t) : PageModel
{
    public LocalActivity Activity { get; private set; } = null!;
    public ActivityRecord Record { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    [BindProperty] public RecordInput Input { get; set; } = new();
    [BindProperty] public int? Hours { get; set; }
    [BindProperty] public int? MinutesPart { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>Which form failed: the correction or the cancellation.</summary>
    public bool CancelFailed { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int recordId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, recordId, cancellationToken) is { } refusal) return refusal;
        Input = RecordInput.From(Record);
        (Hours, MinutesPart) = RecordInput.Split(Record.Minutes);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int recordId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, recordId, cancellationToken) is { } refusal) return refusal;
        ModelState.Clear();
        Input.Minutes = RecordInput.MinutesOf(Hours, MinutesPart);
        var outcome = await records.CorrectAsync(recordId, Input, RecordReach.Staff(await scope.AreaIdsAsync(cancellationToken)), scope.Actor, cancellationToken);
        return Answer(outcome, id, outcome is RecordChange.Saved { Fields.Count: 0 } ? t["変わったところはありません。"] : t["記録を直しました。"], false);
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, int recordId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, recordId, cancellationToken) is { } refusal) return refusal;
        ModelState.Clear();
        Input = RecordInput.From(Record);
        (Hours, MinutesPart) = RecordInput.Split(Record.Minutes);
        var outcome = await records.CancelAsync(recordId, Reason, refuse: false, RecordReach.Staff(await scope.AreaIdsAsync(cancellationToken)), scope.Actor, cancellationToken);
        return Answer(outcome, id, t["記録を取り消しました。"], true);
    }

    private IActionResult Answer(RecordChange outcome, int id, LocalizedString saved, bool cancelling)
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
        return RedirectToPage("/Staff/Activities/Records/Index", new { id, month = $"{Record.Date:yyyy-MM}" });
    }

    private async Task<IActionResult?> LoadAsync(int id, int recordId, CancellationToken cancellationToken)
    {
        var record = await db.ActivityRecords.AsNoTracking().Include(r => r.LocalActivity).FirstOrDefaultAsync(r => r.Id == recordId && r.LocalActivityId == id, cancellationToken);
        if (record is null) return NotFound();
        if (!await scope.AllowsAsync(record.LocalActivity!.AreaId, cancellationToken)) return Forbid();
        Record = record;
        Activity = record.LocalActivity;
        PersonName = await db.People.AsNoTracking().Where(p => p.Id == record.PersonId).Select(p => p.FamilyName + " " + p.GivenName).FirstAsync(cancellationToken);
        return null;
    }
}

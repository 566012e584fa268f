using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;

namespace Training.Web.Pages;

/// <summary>
/// One activity record corrected, or cancelled with a reason, as the coordinators' page and the group leader's both do
/// it (<see cref="ActivityRecords.CorrectAsync"/>, <see cref="ActivityRecords.CancelAsync"/>: the entity's rules, the
/// reach checked again inside). Each page finds the record in its own scope, says whose reach it writes with and where
/// it goes once saved; the form, the outcome and the messages are this class's, once.
/// </summary>
public abstract class RecordCorrectionPage(TrainingDbContext db, ActivityRecords records, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>For the page's own reads (its scope's lookup of the record).</summary>
    protected TrainingDbContext Db => db;
    public ActivityRecord Record { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    [BindProperty] public RecordInput Input { get; set; } = new();
    [BindProperty] public int? Hours { get; set; }
    [BindProperty] public int? MinutesPart { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>Which form failed: the correction or the cancellation.</summary>
    public bool CancelFailed { get; private set; }

    /// <summary>Who writes, and within what (a member of staff's districts, or a leader's one activity).</summary>
    protected abstract Task<(RecordReach Reach, Actor Actor)> WriterAsync(CancellationToken cancellationToken);

    /// <summary>Where the page goes once the record is saved.</summary>
    protected abstract IActionResult AfterSaving();

    /// <summary>The record the page found in its own scope (what was posted stays bound).</summary>
    protected async Task FoundAsync(ActivityRecord record, CancellationToken cancellationToken)
    {
        Record = record;
        PersonName = await db.People.AsNoTracking().Where(p => p.Id == record.PersonId).Select(p => p.FamilyName + " " + p.GivenName).FirstAsync(cancellationToken);
    }

    /// <summary>The correction form as the record stands.</summary>
    protected void ShowRecord()
    {
        Input = RecordInput.From(Record);
        (Hours, MinutesPart) = RecordInput.Split(Record.Minutes);
    }

    /// <summary>The correction as posted.</summary>
    protected async Task<IActionResult> CorrectAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Input.Minutes = RecordInput.MinutesOf(Hours, MinutesPart);
        var (reach, actor) = await WriterAsync(cancellationToken);
        var outcome = await records.CorrectAsync(Record.Id, Input, reach, actor, cancellationToken);
        return Answer(outcome, outcome is RecordChange.Saved { Fields.Count: 0 } ? t["変わったところはありません。"] : t["記録を直しました。"], false);
    }

    /// <summary>The record cancelled with the reason posted; the correction form shows the record as it stands.</summary>
    protected async Task<IActionResult> CancelAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        ShowRecord();
        var (reach, actor) = await WriterAsync(cancellationToken);
        var outcome = await records.CancelAsync(Record.Id, Reason, refuse: false, reach, actor, cancellationToken);
        return Answer(outcome, t["記録を取り消しました。"], true);
    }

    private IActionResult Answer(RecordChange outcome, LocalizedString saved, bool cancelling)
    {
        switch (outcome)
        {
            case RecordChange.NotFound: return NotFound();
            case RecordChange.OutOfScope: return Forbid();
            case RecordChange.Invalid invalid:
                CorrectionProblems.Show(ModelState, invalid.Problems, t);
                CancelFailed = cancelling;
                return Page();
        }
        TempData["Message"] = saved.Value;
        return AfterSaving();
    }
}

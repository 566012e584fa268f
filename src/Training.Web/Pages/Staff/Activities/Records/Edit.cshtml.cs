using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities.Records;

/// <summary>Corrects one activity record (audited with the fields changed) or cancels it with a reason; only within the staff member's districts.</summary>
public class EditModel(TrainingDbContext db, StaffScope scope, ActivityRecords records, IStringLocalizer<SharedResource> t)
    : RecordCorrectionPage(db, records, t)
{
    public LocalActivity Activity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, int recordId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, recordId, cancellationToken) is { } refusal) return refusal;
        ShowRecord();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int recordId, CancellationToken cancellationToken) =>
        await LoadAsync(id, recordId, cancellationToken) ?? await CorrectAsync(cancellationToken);

    public async Task<IActionResult> OnPostCancelAsync(int id, int recordId, CancellationToken cancellationToken) =>
        await LoadAsync(id, recordId, cancellationToken) ?? await CancelAsync(cancellationToken);

    protected override async Task<(RecordReach Reach, Training.People.Actor Actor)> WriterAsync(CancellationToken cancellationToken) =>
        (RecordReach.Staff(await scope.AreaIdsAsync(cancellationToken)), scope.Actor);

    protected override IActionResult AfterSaving() =>
        RedirectToPage("/Staff/Activities/Records/Index", new { id = Activity.Id, month = $"{Record.Date:yyyy-MM}" });

    private async Task<IActionResult?> LoadAsync(int id, int recordId, CancellationToken cancellationToken)
    {
        var record = await Db.ActivityRecords.AsNoTracking().Include(r => r.LocalActivity).FirstOrDefaultAsync(r => r.Id == recordId && r.LocalActivityId == id, cancellationToken);
        if (record is null) return NotFound();
        if (!await scope.AllowsAsync(record.LocalActivity!.AreaId, cancellationToken)) return Forbid();
        Activity = record.LocalActivity;
        await FoundAsync(record, cancellationToken);
        return null;
    }
}

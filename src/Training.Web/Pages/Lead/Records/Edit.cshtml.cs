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
public class EditModel(TrainingDbContext db, LeaderScope scope, ActivityRecords records, IStringLocalizer<SharedResource> t)
    : RecordCorrectionPage(db, records, t)
{
    public LedGroup Group { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        ShowRecord();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? await CorrectAsync(cancellationToken);

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? await CancelAsync(cancellationToken);

    protected override Task<(RecordReach Reach, Training.People.Actor Actor)> WriterAsync(CancellationToken cancellationToken) =>
        Task.FromResult((Group.Records!.Value, scope.Actor));

    protected override IActionResult AfterSaving() => RedirectToPage("/Lead/Records/Index");

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (group, record, refusal) = await scope.RecordAsync(id, cancellationToken);
        if (refusal is not null) return refusal;
        Group = group!;
        await FoundAsync(record!, cancellationToken);
        return null;
    }
}

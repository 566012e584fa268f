using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// Brings in an activity's existing ledger (the stamp card or spreadsheet the group kept): a preview with every problem
/// by row and column, then one button that imports every record or none, or one that cancels and deletes the file.
/// </summary>
public class ImportModel(TrainingDbContext db, StaffScope scope, ActivityRecordImport import, ImportUploads uploads, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 100;
    public string ActivityName { get; private set; } = "";
    public RecordImportPreview? Preview { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;
    public int PageCount => Preview is null ? 0 : Math.Max(1, (Preview.Records.Count + PageSize - 1) / PageSize);
    public IEnumerable<ImportedRecord> PageRecords => Preview?.Records.Skip((PageNumber - 1) * PageSize).Take(PageSize) ?? [];
    public bool Ready => Preview?.CanImport == true;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        // A later page of a preview: the stored file is checked again, so what is shown is what would be imported.
        if (Token is not null && await uploads.ReadAsync(Token, cancellationToken) is { } content) await PreviewAsync(id, content, cancellationToken);
        else Token = null;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (await LedgerUpload.ReadAsync(file, ModelState, t, cancellationToken) is not { } content) return Page();
        PageNumber = 1;
        await PreviewAsync(id, content, cancellationToken);
        // The checked file waits on the server for the confirming click, so what is imported is exactly what was shown.
        Token = Ready ? await uploads.SaveAsync(content, cancellationToken) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        var content = await uploads.ReadAsync(Token, cancellationToken);
        if (content is null)
        {
            TempData["Message"] = t["確かめたファイルが見つかりません（1日たったか、取り消されました）。もう一度選んでください。"].Value;
            return RedirectToPage(new { id });
        }
        switch (await import.ImportAsync(id, content, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken))
        {
            case RecordImportOutcome.Imported imported:
                uploads.Delete(Token);
                TempData["Message"] = string.Format(t["活動の記録を{0}件取り込みました。"].Value, imported.Count);
                return RedirectToPage("/Staff/Activities/Details", new { id });
            case RecordImportOutcome.HasProblems problems:
                // Something changed since the preview (a record added meanwhile): shown again, nothing imported.
                Preview = problems.Preview;
                Token = null;
                return Page();
            case RecordImportOutcome.OutOfScope: return Forbid();
            default: return NotFound();
        }
    }

    /// <summary>Not importing after all: the stored file is deleted at once.</summary>
    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        uploads.Delete(Token);
        TempData["Message"] = t["取り込みをやめ、ファイルを削除しました。"].Value;
        return RedirectToPage(new { id });
    }

    private async Task PreviewAsync(int id, byte[] content, CancellationToken cancellationToken)
    {
        Preview = await import.PreviewAsync(id, content, await scope.AreaIdsAsync(cancellationToken), cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var activity = await db.LocalActivities.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Name, a.AreaId }).FirstOrDefaultAsync(cancellationToken);
        if (activity is null) return NotFound();
        if (!await scope.AllowsAsync(activity.AreaId, cancellationToken)) return Forbid();
        ActivityName = activity.Name;
        return null;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Points;

/// <summary>
/// Brings in points helpers earned before the city used this product (a stamp card's totals, a spreadsheet): a preview
/// with every problem by row and column and the name on record beside the name as written, then a confirming button
/// that says how many entries for how many helpers and that their balances change — everything or nothing — or one
/// that cancels and deletes the file. Below, the earlier imports, each of which can be taken back whole. A coordinator
/// brings in the helpers they reach; with points off the page says so and brings in nothing.
/// </summary>
public class ImportModel(Training.Activities.Points points, PointCarryoverImport import, PointCarryovers carryovers, StaffScope scope, ImportUploads uploads,
    SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 100;
    public bool Enabled { get; private set; }
    public bool LimitedToAreas { get; private set; }
    public CarryoverImportPreview? Preview { get; private set; }
    public IReadOnlyList<CarryoverBatch> Batches { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;
    [BindProperty] public string? Reason { get; set; }
    /// <summary>The import whose taking back failed (its form shows the reason).</summary>
    public string? FailedBatch { get; private set; }
    public int PageCount => Preview is null ? 0 : Math.Max(1, (Preview.Entries.Count + PageSize - 1) / PageSize);
    public IEnumerable<ImportedCarryover> PageEntries => Preview?.Entries.Skip((PageNumber - 1) * PageSize).Take(PageSize) ?? [];
    public bool Ready => Preview?.CanImport == true;
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Page();
        // A later page of a preview: the stored file is checked again, so what is shown is what would be imported.
        if (Token is not null && await uploads.ReadAsync(Token, cancellationToken) is { } content) await PreviewAsync(content, cancellationToken);
        else Token = null;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Page();
        if (await LedgerUpload.ReadAsync(file, ModelState, t, cancellationToken) is not { } content) return Page();
        PageNumber = 1;
        await PreviewAsync(content, cancellationToken);
        // The checked file waits on the server for the confirming click, so what is imported is exactly what was shown.
        Token = Ready ? await uploads.SaveAsync(content, cancellationToken) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Page();
        var content = await uploads.ReadAsync(Token, cancellationToken);
        if (content is null)
        {
            TempData["Message"] = t["確かめたファイルが見つかりません（1日たったか、取り消されました）。もう一度選んでください。"].Value;
            return RedirectToPage();
        }
        switch (await import.ImportAsync(content, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken))
        {
            case CarryoverImportOutcome.Imported imported:
                uploads.Delete(Token);
                TempData["Message"] = string.Format(t["以前の台帳のポイントを{0}人分、{1}件取り込みました。残高と今年度の上限の残りに反映しています。"].Value, imported.People, imported.Count);
                return RedirectToPage();
            case CarryoverImportOutcome.HasProblems problems:
                // Something changed since the preview (an entry brought in meanwhile): shown again, nothing imported.
                Preview = problems.Preview;
                Token = null;
                return Page();
            default:
                Enabled = false;
                return Page();
        }
    }

    /// <summary>Not importing after all: the stored file is deleted at once.</summary>
    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        uploads.Delete(Token);
        if (!await LoadAsync(cancellationToken)) return Page();
        TempData["Message"] = t["取り込みをやめ、ファイルを削除しました。"].Value;
        return RedirectToPage();
    }

    /// <summary>Takes back everything one earlier import brought in (the wrong file), with the reason.</summary>
    public async Task<IActionResult> OnPostTakeBackAsync(string batchId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Page();
        switch (await carryovers.CancelBatchAsync(batchId, Reason, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken))
        {
            case CarryoverChange.Saved saved:
                TempData["Message"] = string.Format(t["取り込んだ分を{0}件取り消しました。残高と上限の残りに反映しています。"].Value, saved.Count);
                return RedirectToPage();
            case CarryoverChange.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError(nameof(Reason), t[problem.Message]);
                FailedBatch = batchId;
                return Page();
            case CarryoverChange.OutOfScope: return Forbid();
            default: return NotFound();
        }
    }

    private async Task PreviewAsync(byte[] content, CancellationToken cancellationToken)
    {
        Preview = await import.PreviewAsync(content, await scope.AreaIdsAsync(cancellationToken), cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
    }

    /// <summary>False: points are off, and the page only says so.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Enabled = await points.EnabledAsync(cancellationToken);
        if (!Enabled) return false;
        var areas = await scope.AreaIdsAsync(cancellationToken);
        LimitedToAreas = areas.Count > 0;
        Batches = await carryovers.BatchesAsync(areas, cancellationToken: cancellationToken);
        return true;
    }
}

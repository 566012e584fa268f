using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>
/// Attendance typed in from paper sheets: upload, check every row, then import all or nothing. The checked file waits
/// on the server (<see cref="ImportUploads"/>) for the confirming click, as every ledger import's does: a file of the
/// size every import takes would not fit back into a form field.
/// </summary>
public class ImportAttendanceModel(StaffScope scope, AttendanceImport import, ImportUploads uploads, IStringLocalizer<SharedResource> t) : PageModel
{
    public Course Course { get; private set; } = null!;
    public ImportPreview? Preview { get; private set; }
    [BindProperty] public string? Token { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostPreviewAsync(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (await LedgerUpload.ReadAsync(file, ModelState, t, cancellationToken) is not { } bytes) return Page();
        Preview = await import.PreviewAsync(id, bytes, cancellationToken);
        Token = Preview.CanImport ? await uploads.SaveAsync(bytes, cancellationToken) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var bytes = await uploads.ReadAsync(Token, cancellationToken);
        if (bytes is null)
        {
            TempData["Message"] = t["確かめたファイルが見つかりません（1日たったか、取り消されました）。もう一度選んでください。"].Value;
            return RedirectToPage(new { id });
        }
        // Checked again: the register may have changed since the preview.
        Preview = await import.PreviewAsync(id, bytes, cancellationToken);
        if (!Preview.CanImport)
        {
            Token = null;
            return Page();
        }
        var count = await import.ImportAsync(id, bytes, scope.UserId, cancellationToken);
        uploads.Delete(Token);
        TempData["Message"] = string.Format(t["{0}件の出欠を取り込みました。"], count);
        return Redirect(Training.Configuration.SiteLinks.StaffCourse(id));
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal;
        Course = course;
        return null;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>Attendance typed in from paper sheets: upload, check every row, then import all or nothing.</summary>
[RequestSizeLimit(2_000_000)]
public class ImportAttendanceModel(StaffScope scope, AttendanceImport import, IStringLocalizer<SharedResource> t) : PageModel
{
    public Course Course { get; private set; } = null!;
    public ImportPreview? Preview { get; private set; }
    public string? FileData { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostPreviewAsync(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", t["CSVファイルを選んでください。"]);
            return Page();
        }
        if (file.Length > AttendanceImport.MaxBytes)
        {
            ModelState.AddModelError("file", t["ファイルが大きすぎます（1MBまで）。"]);
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        Preview = await import.PreviewAsync(id, bytes, cancellationToken);
        if (Preview.CanImport) FileData = Convert.ToBase64String(bytes);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(int id, string? fileData, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(fileData ?? "");
        }
        catch (FormatException)
        {
            return BadRequest();
        }
        // Checked again: the register may have changed since the preview.
        Preview = await import.PreviewAsync(id, bytes, cancellationToken);
        if (!Preview.CanImport) return Page();
        var count = await import.ImportAsync(id, bytes, scope.UserId, cancellationToken);
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

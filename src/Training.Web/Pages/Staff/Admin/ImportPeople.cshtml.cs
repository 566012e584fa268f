using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.People;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin;

/// <summary>
/// Brings in the people of an existing ledger (Excel or CSV): a preview with every problem by row and column and the
/// matches with people already here, a page at a time, then one button that adds them all or nothing, or one that
/// cancels and deletes the file. Administrators only.
/// </summary>
public class ImportPeopleModel(PeopleImport import, ImportUploads uploads, StaffScope scope, Training.Data.TrainingDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 100;

    /// <summary>When set, the people are also registered on this course (its paper ledger of participants).</summary>
    [BindProperty(SupportsGet = true)] public int? CourseId { get; set; }
    public string? CourseName { get; private set; }
    public bool Ready => Preview is not null && (CourseId is null ? Preview.CanImport : Preview.CanImportInto);
    public PeopleImportPreview? Preview { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? FileName { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;
    public int PageCount => Preview is null ? 0 : Math.Max(1, (Preview.People.Count + PageSize - 1) / PageSize);
    public IEnumerable<ImportedPerson> PagePeople => Preview?.People.Skip((PageNumber - 1) * PageSize).Take(PageSize) ?? [];
    /// <summary>For a course: how many the course takes from the file, and how many of them wait for a seat.</summary>
    public (int Registering, int Waitlisted)? CourseEffect { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadCourseAsync(cancellationToken) is { } missing) return missing;
        // A later page of a preview: the stored file is checked again, so what is shown is what would be imported.
        if (Token is not null && await uploads.ReadAsync(Token, cancellationToken) is { } content) await PreviewAsync(content, cancellationToken);
        else Token = null;
        return Page();
    }

    private async Task<IActionResult?> LoadCourseAsync(CancellationToken cancellationToken)
    {
        if (CourseId is null) return null;
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == CourseId).Select(c => new { c.Program!.Name, c.Title }).FirstOrDefaultAsync(cancellationToken);
        if (course is null) return NotFound();
        CourseName = $"{course.Name}（{course.Title}）";
        return null;
    }

    private async Task PreviewAsync(byte[] content, CancellationToken cancellationToken)
    {
        Preview = await import.PreviewAsync(content, cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        if (CourseId is { } courseId && Preview.Problems.Count == 0) CourseEffect = await import.CourseEffectAsync(Preview, courseId, cancellationToken);
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (await LoadCourseAsync(cancellationToken) is { } missing) return missing;
        if (await LedgerUpload.ReadAsync(file, ModelState, t, cancellationToken) is not { } content) return Page();
        PageNumber = 1;
        await PreviewAsync(content, cancellationToken);
        FileName = Path.GetFileName(file!.FileName);
        // The checked file waits on the server for the confirming click, so what is imported is exactly what was shown.
        Token = Ready ? await uploads.SaveAsync(content, cancellationToken) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (await LoadCourseAsync(cancellationToken) is { } missing) return missing;
        var content = await uploads.ReadAsync(Token, cancellationToken);
        if (content is null)
        {
            TempData["Message"] = t["確かめたファイルが見つかりません（1日たったか、取り消されました）。もう一度選んでください。"].Value;
            return RedirectToPage(new { CourseId });
        }
        await PreviewAsync(content, cancellationToken);
        if (!Ready) return Page();
        var added = await import.ImportAsync(content, FileName ?? "", scope.Actor,
            CourseId, cancellationToken);
        uploads.Delete(Token);
        TempData["Message"] = string.Format(t["{0}人を取り込みました。"].Value, added);
        return CourseId is null ? RedirectToPage("/Staff/People/Index") : RedirectToPage("/Staff/Courses/Details", new { id = CourseId.Value });
    }

    /// <summary>Not importing after all: the stored file is deleted at once.</summary>
    public IActionResult OnPostCancel()
    {
        uploads.Delete(Token);
        TempData["Message"] = t["取り込みをやめ、ファイルを削除しました。"].Value;
        return RedirectToPage(new { CourseId });
    }
}

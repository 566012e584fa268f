using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.People;
using Training.Text;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin;

/// <summary>
/// Brings in the people of an existing ledger (Excel or CSV): a preview with every problem by row and column and the
/// matches with people already here, then one button that adds them all or nothing. Administrators only.
/// </summary>
public class ImportPeopleModel(PeopleImport import, StaffScope scope, Training.Data.TrainingDbContext db, IOptions<SiteOptions> site, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>When set, the people are also registered on this course (its paper ledger of participants).</summary>
    [BindProperty(SupportsGet = true)] public int? CourseId { get; set; }
    public string? CourseName { get; private set; }
    public bool Ready => Preview is not null && (CourseId is null ? Preview.CanImport : Preview.CanImportInto);
    public PeopleImportPreview? Preview { get; private set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty] public string? FileName { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadCourseAsync(cancellationToken) ?? Page();

    private async Task<IActionResult?> LoadCourseAsync(CancellationToken cancellationToken)
    {
        if (CourseId is null) return null;
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == CourseId).Select(c => new { c.Program!.Name, c.Title }).FirstOrDefaultAsync(cancellationToken);
        if (course is null) return NotFound();
        CourseName = $"{course.Name}（{course.Title}）";
        return null;
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (await LoadCourseAsync(cancellationToken) is { } missing) return missing;
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", t["ファイルを選んでください。"]);
            return Page();
        }
        if (file.Length > PeopleImport.MaxBytes)
        {
            ModelState.AddModelError("file", t["ファイルが大きすぎます（5MBまで）。"]);
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        Preview = await import.PreviewAsync(content, cancellationToken);
        FileName = Path.GetFileName(file.FileName);
        if (Ready)
        {
            // The checked file waits on the server for the confirming click, so what is imported is exactly what was shown.
            Token = Tokens.New();
            Directory.CreateDirectory(UploadDirectory);
            await System.IO.File.WriteAllBytesAsync(Path.Combine(UploadDirectory, Token), content, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (await LoadCourseAsync(cancellationToken) is { } missing) return missing;
        if (string.IsNullOrEmpty(Token) || Token.Any(c => !char.IsLetterOrDigit(c) && c is not '-' and not '_')) return BadRequest();
        var path = Path.Combine(UploadDirectory, Token);
        if (!System.IO.File.Exists(path)) return RedirectToPage();
        var content = await System.IO.File.ReadAllBytesAsync(path, cancellationToken);
        var preview = await import.PreviewAsync(content, cancellationToken);
        Preview = preview;
        if (!Ready) return Page();
        var added = await import.ImportAsync(content, FileName ?? "", new Actor(scope.UserId, scope.User.Identity?.Name ?? "", HttpContext.Connection.RemoteIpAddress?.ToString()),
            CourseId, cancellationToken);
        System.IO.File.Delete(path);
        TempData["Message"] = string.Format(t["{0}人を取り込みました。"].Value, added);
        return CourseId is null ? Redirect("/Staff/People") : Redirect($"/Staff/Courses/{CourseId}");
    }

    private string UploadDirectory => Path.Combine(site.Value.DataDirectory, "imports");
}

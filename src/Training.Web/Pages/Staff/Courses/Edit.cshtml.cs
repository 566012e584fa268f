using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>
/// Corrects a run: name, description, venue, instructor, window, district, seats. More seats give places to people
/// waiting, who are told — so the page first says who and how, and saves only once confirmed. Fewer seats than
/// confirmed people are refused.
/// </summary>
public class EditModel(TrainingDbContext db, StaffScope scope, CourseChanges changes, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public CourseInput Input { get; set; } = new();
    [BindProperty] public CourseInput Original { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    [BindProperty] public int? ConfirmedPromotions { get; set; }

    public Course Course { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public CourseEdit.NeedsConfirmation? Confirmation { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        Input = CourseInput.From(Course, clock);
        Original = CourseInput.From(Course, clock);
        Version = Course.UpdatedAt.Ticks;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        ModelState.Clear();
        var actor = scope.Actor;
        var outcome = await changes.EditAsync(id, Input, Original, new DateTime(Version, DateTimeKind.Utc), Areas.Select(a => a.Id).ToList(), actor,
            ConfirmedPromotions, cancellationToken, cityWideAllowed: (await scope.AreaIdsAsync(cancellationToken)).Count == 0);
        switch (outcome)
        {
            case CourseEdit.NotFound:
                return NotFound();
            case CourseEdit.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError($"Input.{problem.Field}", t[problem.Message]);
                return Page();
            case CourseEdit.TooFewSeats tooFew:
                ModelState.AddModelError("Input.Capacity", string.Format(t["参加が決まっている方が{0}人いるため、定員を{1}人にすると{2}人分の席が足りません。定員を減らすときは、先にキャンセルの手続きをしてください（だれかを自動で外すことはしません）。"],
                    tooFew.Confirmed, Input.Capacity, tooFew.Short));
                return Page();
            case CourseEdit.Conflict conflict:
                ModelState.AddModelError("", string.Format(t["この講座は、この画面を開いたあとに変更されました（{0}）。保存していません。最新の内容を確かめてから、もう一度変更してください。"],
                    string.Join("、", conflict.Fields.Select(f => t[CourseInput.FieldLabels[f]].Value))));
                var current = await db.Courses.AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken);
                Original = CourseInput.From(current, clock);
                Version = current.UpdatedAt.Ticks;
                return Page();
            case CourseEdit.NeedsConfirmation confirmation:
                Confirmation = confirmation;
                return Page();
            case CourseEdit.Saved saved:
                TempData["Message"] = saved.Fields.Count == 0 ? t["変更はありませんでした。"].Value
                    : saved.Promoted > 0 ? string.Format(t["保存しました。キャンセル待ちの{0}人の参加が決まり、お知らせしました。"], saved.Promoted)
                    : string.Format(t["保存しました（{0}）。"], string.Join("、", saved.Fields.Select(f => t[CourseInput.FieldLabels[f]].Value)));
                return Redirect(Training.Configuration.SiteLinks.StaffCourse(id));
        }
        throw new InvalidOperationException(outcome.ToString());
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal;
        Course = course;
        var mine = await scope.AreaIdsAsync(cancellationToken);
        Areas = await db.AreasForCorrectionAsync(mine, course.AreaId, cancellationToken);
        return null;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>Starts a new run of a program (e.g. 令和9年度 第1期); its sessions are planned next.</summary>
public class CreateModel(TrainingDbContext db, StaffScope scope, SiteClock clock, IStringLocalizer<SharedResource> t, UnitOfWork unitOfWork, Training.Audit.AuditLog audit) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Organisations { get; private set; } = [];

    /// <summary>The run's details (<see cref="CourseInput"/>) and the program and organisation it belongs to.</summary>
    public class InputModel : CourseInput
    {
        public int? ProgramId { get; set; }
        public int? OrganisationId { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.Title = $"{JapaneseDates.FiscalYear(clock.CurrentFiscalYear)} 第1期";
        Input.Capacity = 20;
        Input.MinimumParticipants = 0;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        // The input model says what is wrong, in its words; the binder's own complaints (a word in a number field) are replaced.
        ModelState.Clear();
        if (Input.ProgramId is null || Programs.All(p => p.Id != Input.ProgramId)) ModelState.AddModelError("Input.ProgramId", t["講座・活動を選んでください。"]);
        if (Input.OrganisationId is null || Organisations.All(o => o.Id != Input.OrganisationId)) ModelState.AddModelError("Input.OrganisationId", t["主催を選んでください。"]);
        var mine = await scope.AreaIdsAsync(cancellationToken);
        var areaChoices = mine.Count > 0 ? Areas.Select(a => a.Id).Where(mine.Contains).ToList() : Areas.Select(a => a.Id).ToList();
        foreach (var problem in Input.Problems(areaChoices, cityWideAllowed: mine.Count == 0)) ModelState.AddModelError($"Input.{problem.Field}", t[problem.Message]);
        if (!ModelState.IsValid) return Page();

        var details = Input.ToDetails(clock);
        var course = new Course
        {
            ProgramId = Input.ProgramId!.Value, Title = details.Title, Description = details.Description, Instructor = details.Instructor,
            Capacity = details.Capacity, MinimumParticipants = details.MinimumParticipants, Venue = details.Venue, AreaId = details.AreaId,
            VenueAddress = details.VenueAddress, Fee = details.Fee, Belongings = details.Belongings,
            OrganisationId = Input.OrganisationId!.Value, CoordinatorId = scope.UserId,
            RegistrationOpensAt = details.OpensAt, RegistrationClosesAt = details.ClosesAt,
            Status = CourseStatus.Open, CreatedAt = clock.UtcNow,
        };
        await unitOfWork.RunAsync(async ct =>
        {
            db.Courses.Add(course);
            await db.SaveChangesAsync(ct);
            audit.Record(scope.Actor, "course-create", Training.Audit.AuditTarget.Of(course), Programs.FirstOrDefault(p => p.Id == course.ProgramId).Name ?? "");
        }, cancellationToken);
        return Redirect(Training.Configuration.SiteLinks.StaffCourseSessions(course.Id));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Programs = await db.ProgramsAsync(publicOnly: false, cancellationToken);
        Areas = await db.AreasAsync(cancellationToken);
        Organisations = await db.OrganisationsAsync(cancellationToken);
    }
}
